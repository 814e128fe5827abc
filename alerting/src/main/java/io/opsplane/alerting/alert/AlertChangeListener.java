package io.opsplane.alerting.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Told, inside the transaction that records them, about alerts that began firing or were resolved. */
public interface AlertChangeListener {

    void changed(List<Changed> alerts, Instant now);

    /** {@code state} is "firing" or "resolved". */
    record Changed(long id, Map<String, String> labels, String state) {
    }
}
