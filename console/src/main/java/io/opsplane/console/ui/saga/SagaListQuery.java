package io.opsplane.console.ui.saga;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.compensation.ActionStatus;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;

/**
 * A saga list filter as the query parameters of a console URL, named as in the REST API
 * ({@code /sagas?status=STUCK&service=payment} lists what {@code /api/sagas?status=STUCK&service=payment}
 * returns), so alerts and chat messages can link to exactly the list they mean. Alert links are made here too
 * ({@link AlertLinks}), by the same code that reads them back. Two parameters only the console reads:
 * {@code compensation=UNVERIFIED} (and {@code compensationStep=refund-payment}) keep the sagas with an operator
 * action that ended so, as the compensation feature answers it.
 */
public final class SagaListQuery {

    private SagaListQuery() {
    }

    /** The outcomes a compensation alert counts, the only ones the list filters by. */
    static final List<ActionStatus> COMPENSATION_OUTCOMES = List.of(ActionStatus.UNVERIFIED, ActionStatus.FAILED);

    /** Sagas with an operator action that ended {@code outcome}, at {@code step} if given (the step whose command did not work). */
    public record CompensationFilter(ActionStatus outcome, String step) {
    }

    /**
     * The filter a URL asks for, the compensation outcome it narrows to (null: none), and what in it could not be
     * read (those parameters are left out).
     */
    public record Parsed(SagaFilter filter, CompensationFilter compensation, List<String> problems) {
    }

    public static Parsed parse(QueryParameters parameters) {
        Map<String, List<String>> values = parameters.getParameters();
        List<String> problems = new ArrayList<>();
        Reader read = new Reader(values, problems);
        SagaFilter filter = new SagaFilter(
                read.text("type"),
                read.value("status", SagaStatus::valueOf, "one of " + Arrays.toString(SagaStatus.values())),
                read.value("stuckReason", StuckReason::valueOf, "one of " + Arrays.toString(StuckReason.values())),
                read.text("service"),
                read.text("businessKey"),
                read.text("correlationKey"),
                read.text("q"),
                read.value("startedFrom", Instant::parse, "an ISO-8601 time such as 2026-11-24T10:15:30Z"),
                read.value("startedTo", Instant::parse, "an ISO-8601 time such as 2026-11-24T10:15:30Z"),
                read.value("progressFrom", Instant::parse, "an ISO-8601 time such as 2026-11-24T10:15:30Z"),
                read.value("progressTo", Instant::parse, "an ISO-8601 time such as 2026-11-24T10:15:30Z"),
                read.value("stuckLongerThan", Duration::parse, "an ISO-8601 duration such as PT15M"),
                read.text("step"), null);
        ActionStatus outcome = read.value("compensation", name -> {
            ActionStatus status = ActionStatus.valueOf(name);
            if (!COMPENSATION_OUTCOMES.contains(status)) {
                throw new IllegalArgumentException(name);
            }
            return status;
        }, "one of " + COMPENSATION_OUTCOMES);
        String compensationStep = read.text("compensationStep");
        if (outcome == null && compensationStep != null) {
            problems.add("'compensationStep' needs 'compensation'");
        }
        String businessKey = filter.businessKey();
        if (businessKey != null && (businessKey.indexOf('=') < 1 || businessKey.endsWith("="))) {
            problems.add("businessKey must be name=value, e.g. orderId=o-1001, not '" + businessKey + "'");
            filter = new SagaFilter(filter.type(), filter.status(), filter.stuckReason(), filter.service(), null,
                    filter.correlationKey(), filter.search(), filter.startedFrom(), filter.startedTo(),
                    filter.progressFrom(), filter.progressTo(), filter.stuckLongerThan(), filter.step(), null);
        }
        return new Parsed(filter, outcome == null ? null : new CompensationFilter(outcome, compensationStep),
                List.copyOf(problems));
    }

    /** "sagas?status=STUCK&service=payment": the list's location for links and the address bar, parameters in a fixed order. */
    public static String location(SagaFilter filter) {
        return location(filter, null);
    }

    /** The list's location narrowed to a compensation outcome as well (null: not narrowed). */
    public static String location(SagaFilter filter, CompensationFilter compensation) {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "type", filter.type());
        put(values, "status", filter.status());
        put(values, "stuckReason", filter.stuckReason());
        put(values, "step", filter.step());
        put(values, "service", filter.service());
        put(values, "businessKey", filter.businessKey());
        put(values, "correlationKey", filter.correlationKey());
        put(values, "q", filter.search());
        put(values, "startedFrom", filter.startedFrom());
        put(values, "startedTo", filter.startedTo());
        put(values, "progressFrom", filter.progressFrom());
        put(values, "progressTo", filter.progressTo());
        put(values, "stuckLongerThan", filter.stuckLongerThan());
        if (compensation != null) {
            put(values, "compensation", compensation.outcome());
            put(values, "compensationStep", compensation.step());
        }
        String query = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
        return SagaListView.PATH + (query.isEmpty() ? "" : "?" + query);
    }

    private static void put(Map<String, String> values, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            values.put(name, value.toString());
        }
    }

    private record Reader(Map<String, List<String>> values, List<String> problems) {

        String text(String name) {
            List<String> given = values.get(name);
            if (given == null || given.isEmpty() || given.getFirst().isBlank()) {
                return null;
            }
            return given.getFirst().trim();
        }

        <T> T value(String name, Function<String, T> parser, String expected) {
            String text = text(name);
            if (text == null) {
                return null;
            }
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add("'" + name + "' cannot be '" + text + "'; expected " + expected);
                return null;
            }
        }
    }
}
