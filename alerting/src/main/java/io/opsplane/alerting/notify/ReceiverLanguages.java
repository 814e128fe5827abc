package io.opsplane.alerting.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.rule.AnnotationVariants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The language each receiver's notifications are written in: the one set through the API or the
 * console (stored), else the receiver's configured {@code language}, else English. Only what people
 * read is translated (titles, summaries, link texts); labels and the webhook body's fields are not.
 */
@Component
public class ReceiverLanguages {

    /** What notifications can be written in; the first is the default. The same as rule annotations' variants. */
    public static final List<String> LANGUAGES = AnnotationVariants.LANGUAGES;

    private final JdbcTemplate jdbc;
    private final Receivers receivers;
    private final Clock clock;

    @Autowired
    ReceiverLanguages(JdbcTemplate jdbc, Receivers receivers, Clock clock) {
        this.jdbc = jdbc;
        this.receivers = receivers;
        this.clock = clock;
    }

    /** The configured languages only, without a database (rendering in tests): nothing can be set. */
    public static ReceiverLanguages configured() {
        return new ReceiverLanguages(null, null, Clock.systemUTC());
    }

    /** "en" or "ko". */
    public String of(Receiver receiver) {
        if (jdbc != null) {
            List<String> stored = jdbc.queryForList("SELECT language FROM alert_receiver_language WHERE receiver = ?",
                    String.class, receiver.name());
            if (!stored.isEmpty()) {
                return stored.getFirst();
            }
        }
        String configured = receiver.language();
        return configured != null && LANGUAGES.contains(configured) ? configured : LANGUAGES.getFirst();
    }

    public Locale locale(Receiver receiver) {
        return Locale.forLanguageTag(of(receiver));
    }

    /**
     * Sets the language of the receiver of that name; an unknown receiver is a 404 naming the configured ones, a
     * language it cannot speak a 400 naming the ones it can.
     */
    public void set(String receiverName, String language, String by) {
        Receiver receiver = receivers.named(receiverName);
        if (language == null || !LANGUAGES.contains(language.trim())) {
            throw new IllegalArgumentException("language must be one of " + LANGUAGES + ", not '" + language + "'");
        }
        jdbc.update("""
                INSERT INTO alert_receiver_language (receiver, language, updated_at, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (receiver) DO UPDATE SET language = EXCLUDED.language, updated_at = EXCLUDED.updated_at,
                    updated_by = EXCLUDED.updated_by""",
                receiver.name(), language.trim(), Timestamp.from(clock.instant()), by);
    }
}
