package io.opsplane.alerting.alert;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.opsplane.alerting.rule.AnnotationVariants;

/** An alert as the API shows it; {@code silencedBy} lists the silences muting it now. */
public record AlertView(long id, String rule, String fingerprint, String state, Map<String, String> labels,
                        Map<String, String> annotations, double value, List<String> samples, String generatorURL,
                        Instant activeAt, Instant firedAt, Instant resolvedAt, Instant lastEvaluatedAt,
                        Acknowledgement acknowledgement, List<UUID> silencedBy) {

    /** The summary a reader of {@code language} reads (summary_ko for Korean, else summary); "" when there is none. */
    public String summary(Locale language) {
        String summary = AnnotationVariants.in(annotations, "summary", language);
        return summary == null ? "" : summary;
    }

    /** Every annotation as a reader of {@code language} reads it, each once under its base name. */
    public Map<String, String> annotationsIn(Locale language) {
        return AnnotationVariants.in(annotations, language);
    }

    public record Acknowledgement(String by, Instant at, String comment) {
    }
}
