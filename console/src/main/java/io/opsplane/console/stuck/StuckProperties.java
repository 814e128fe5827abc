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
         * How long at most the scan waits for ingest to catch up on a partition still behind, before it judges sagas
         * regardless; 0 judges at once, as if ingest were always caught up.
         */
        @DefaultValue("15m") Duration waitForIngest) {
}
