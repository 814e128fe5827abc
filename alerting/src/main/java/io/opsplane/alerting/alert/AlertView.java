package io.opsplane.alerting.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An alert as the API shows it; {@code silencedBy} lists the silences muting it now. */
public record AlertView(long id, String rule, String fingerprint, String state, Map<String, String> labels,
                        Map<String, String> annotations, double value, List<String> samples, String generatorURL,
                        Instant activeAt, Instant firedAt, Instant resolvedAt, Instant lastEvaluatedAt,
                        Acknowledgement acknowledgement, List<UUID> silencedBy) {

    public record Acknowledgement(String by, Instant at, String comment) {
    }
}
