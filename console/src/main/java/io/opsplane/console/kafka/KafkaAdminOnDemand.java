package io.opsplane.console.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * A Kafka admin client with the spring.kafka settings, made on first use so that a broker away when the console
 * starts fails a call rather than the start; every call answers within {@code answerWithin}. Its owner closes it.
 */
public final class KafkaAdminOnDemand implements AutoCloseable {

    /** How long calls still under way get when the owner closes the client. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);

    private final Map<String, Object> config;
    private Admin admin;

    /** {@code settings}: more admin client settings, such as its client id, over the spring.kafka ones. */
    public KafkaAdminOnDemand(KafkaProperties kafka, Duration answerWithin, Map<String, Object> settings) {
        config = new HashMap<>(kafka.buildAdminProperties());
        int timeout = (int) answerWithin.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.putAll(settings);
    }

    public synchronized Admin get() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(CLOSE_WITHIN);
        }
    }
}
