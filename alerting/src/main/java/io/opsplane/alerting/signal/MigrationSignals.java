package io.opsplane.alerting.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What alerting asks of the migration view: the services that answered a route at the edge, legacy or new. */
public interface MigrationSignals {

    /** Each service's server spans on {@code route} that started within the window. */
    List<RouteServer> servers(String route, Duration window, Instant now);

    record RouteServer(String service, boolean legacy, long spans, long errors) {
        public double errorRatio() {
            return spans == 0 ? 0 : (double) errors / spans;
        }
    }
}
