package io.opsplane.console.ingest;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.opsplane.console.definition.SagaDefinitions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The consumer group this instance's saga ingest joins, and how to tell its consumers from another instance's:
 * their client ids start with {@link #clientIdPrefix()}. Health uses it to say whether this instance is in the group.
 */
@Component("ingestGroup")
public class IngestGroup {

    private final String groupId;
    private final String clientIdPrefix;
    private final boolean consumes;

    IngestGroup(@Value("${opsplane.ingest.group-id:opsplane-saga-ingest}") String groupId,
                @Value("${opsplane.ingest.enabled:true}") boolean enabled,
                @Value("${opsplane.kafka.instance-id:}") String instanceId, SagaDefinitions definitions) {
        this.groupId = groupId;
        this.consumes = enabled && !definitions.isEmpty();
        // a stable id when the deployment gives one (a pod's name), otherwise one of its own per start
        String instance = instanceId.isBlank()
                ? HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) : instanceId;
        this.clientIdPrefix = "opsplane-ingest-" + instance;
    }

    public String groupId() {
        return groupId;
    }

    public String clientIdPrefix() {
        return clientIdPrefix;
    }

    /** Whether this instance consumes at all: it tracks some topic, and ingest is on. */
    public boolean consumes() {
        return consumes;
    }

    /** Whether a group member with this client id is one of this instance's consumers. */
    public boolean isOurs(String clientId) {
        return clientId != null && clientId.startsWith(clientIdPrefix + "-");
    }
}
