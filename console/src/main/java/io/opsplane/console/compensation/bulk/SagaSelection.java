package io.opsplane.console.compensation.bulk;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.function.Function;

import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.text.InvalidInputException;
import io.opsplane.console.text.Phrase;

/**
 * A saga list filter as a bulk job takes it: the parameters of {@code GET /api/sagas} (and of the console's
 * list address), by the same names, as text. Every field is optional; none selects every saga.
 */
public record SagaSelection(String type, String status, String stuckReason, String service, String businessKey,
                            String correlationKey, String q, String startedFrom, String startedTo,
                            String progressFrom, String progressTo, String stuckLongerThan, String step) {

    private static final Phrase ISO_TIME = Phrase.of("bulk.input.isoTime");

    /** Without a step, as jobs made before selections took one were stored. */
    public SagaSelection(String type, String status, String stuckReason, String service, String businessKey,
                         String correlationKey, String q, String startedFrom, String startedTo, String progressFrom,
                         String progressTo, String stuckLongerThan) {
        this(type, status, stuckReason, service, businessKey, correlationKey, q, startedFrom, startedTo, progressFrom,
                progressTo, stuckLongerThan, null);
    }

    public static SagaSelection of(SagaFilter f) {
        return new SagaSelection(f.type(), text(f.status()), text(f.stuckReason()), f.service(), f.businessKey(),
                f.correlationKey(), f.search(), text(f.startedFrom()), text(f.startedTo()), text(f.progressFrom()),
                text(f.progressTo()), text(f.stuckLongerThan()), f.step());
    }

    /** The filter; a clear error naming the parameter when a value cannot be read. */
    public SagaFilter toFilter() {
        return new SagaFilter(blank(type),
                parse("status", status, SagaStatus::valueOf, Phrase.of("query.oneOf", Arrays.toString(SagaStatus.values()))),
                parse("stuckReason", stuckReason, StuckReason::valueOf, Phrase.of("query.oneOf", Arrays.toString(StuckReason.values()))),
                blank(service), blank(businessKey), blank(correlationKey), blank(q),
                parse("startedFrom", startedFrom, Instant::parse, ISO_TIME),
                parse("startedTo", startedTo, Instant::parse, ISO_TIME),
                parse("progressFrom", progressFrom, Instant::parse, ISO_TIME),
                parse("progressTo", progressTo, Instant::parse, ISO_TIME),
                parse("stuckLongerThan", stuckLongerThan, Duration::parse, Phrase.of("query.isoDuration")))
                .withStep(blank(step));
    }

    private static <T> T parse(String name, String text, Function<String, T> parser, Phrase expected) {
        String value = blank(text);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInputException(Phrase.of("bulk.input.filter", name, value, expected));
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
