package io.opsplane.console.stuck;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The stuck scan, under {@code opsplane.stuck}. */
@ConfigurationProperties("opsplane.stuck")
public record StuckProperties(
        /* How often due sagas are looked for: a saga is marked STUCK at most this long after its timeout. */
        @DefaultValue("5s") Duration scanInterval,
        /*
         * While ingest catches up on a partition, the scan judges no saga due after the latest record read from it;
         * a partition behind that no batch has read from for this long (a consumer failing on every batch) holds it
         * back no more. 0 judges at once, as if ingest were always caught up.
         */
        @DefaultValue("5m") Duration waitForIngest) {
}
