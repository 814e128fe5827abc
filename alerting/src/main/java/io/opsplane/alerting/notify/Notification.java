package io.opsplane.alerting.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.opsplane.alerting.rule.AnnotationVariants;

/**
 * One notification of an alert group to one receiver: the group's firing alerts and those resolved
 * since the group last told the receiver. {@code status} is "firing" when any alert fires.
 */
public record Notification(String receiver, String groupKey, String status, Map<String, String> groupLabels,
                           List<NotifiedAlert> alerts) {

    /** {@code endsAt} is null while the alert fires. */
    public record NotifiedAlert(String status, Map<String, String> labels, Map<String, String> annotations,
                                Instant startsAt, Instant endsAt, String generatorUrl, String fingerprint) {

        /** The annotation {@code name} in the receiver's {@code language} (summary_ko for Korean), else its base. */
        public String annotation(String name, Locale language, String otherwise) {
            String text = AnnotationVariants.in(annotations, name, language);
            return text == null ? otherwise : text;
        }
    }
}
