package io.opsplane.console.engines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.ingest.IngestGroup;
import io.opsplane.console.kafka.KafkaAdminOnDemand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Kafka answers, every topic the definitions name exists, and this instance's saga consumers are in their group.
 * A missing topic degrades rather than fails: events on the other topics still flow, and Opsplane never creates it
 * (that would be with the broker's default partition count).
 */
@Component
@Order(2)
class KafkaProbe extends EngineProbe implements DisposableBean {

    private final SagaDefinitions definitions;
    private final IngestGroup group;
    private final KafkaAdminOnDemand kafkaAdmin;

    KafkaProbe(KafkaProperties kafka, SagaDefinitions definitions, IngestGroup group) {
        super("kafka", true);
        this.definitions = definitions;
        this.group = group;
        this.kafkaAdmin = new KafkaAdminOnDemand(kafka, Engines.ANSWER_WITHIN, Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "opsplane-engines",
                // a broker away should be tried again soon after it is back, not after a long backoff
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    @Override
    Look look() throws Exception {
        try {
            return lookAtCluster();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new java.util.concurrent.TimeoutException(e.getCause().getMessage());
            }
            throw e;
        }
    }

    private Look lookAtCluster() throws Exception {
        Admin admin = kafkaAdmin.get();
        long timeout = Engines.ANSWER_WITHIN.toMillis();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("brokers", admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS).size());
        Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
        List<String> missing = definitions.topicsInvolved().stream().filter(topic -> !existing.contains(topic)).toList();
        details.put("missingTopics", missing);
        if (group.consumes()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group.groupId()))
                    .describedGroups().get(group.groupId()).get(timeout, TimeUnit.MILLISECONDS);
            long ours = description.members().stream().map(MemberDescription::clientId).filter(group::isOurs).count();
            details.put("group", group.groupId());
            details.put("groupState", String.valueOf(description.groupState()));
            details.put("groupMembers", description.members().size());
            details.put("consumersOfThisInstance", ours);
            if (ours == 0) {
                return new Look(EngineStatus.DOWN, "this instance's saga consumers are not in group " + group.groupId()
                        + " (" + description.groupState() + ", " + description.members().size() + " members)", details);
            }
        }
        if (!missing.isEmpty()) {
            return new Look(EngineStatus.DEGRADED, "topics the saga definitions name do not exist: "
                    + String.join(", ", missing) + "; create them with the partition count you need", details);
        }
        return Look.up(details);
    }

    @Override
    public void destroy() {
        kafkaAdmin.close();
    }
}
