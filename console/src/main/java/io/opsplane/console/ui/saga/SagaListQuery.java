package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.compensation.ActionStatus;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.ui.kit.QueryReader;

/**
 * A saga list filter as the query parameters of a console URL, named as in the REST API
 * ({@code /sagas?status=STUCK&service=payment} lists what {@code /api/sagas?status=STUCK&service=payment}
 * returns), so alerts and chat messages can link to exactly the list they mean. Alert links are made here too
 * (through {@code ui.alerting.AlertLinks}), by the same code that reads them back. Two parameters only the console
 * reads: {@code compensation=UNVERIFIED} (and {@code compensationStep=refund-payment}) keep the sagas with an
 * operator action that ended so, as the compensation feature answers it.
 */
public final class SagaListQuery {

    /** The outcomes a compensation alert counts, the only ones the list filters by. */
    static final List<ActionStatus> COMPENSATION_OUTCOMES = List.of(ActionStatus.UNVERIFIED, ActionStatus.FAILED);

    private SagaListQuery() {
    }

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
        QueryReader read = new QueryReader(parameters);
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
            read.problem("'compensationStep' needs 'compensation'");
        }
        String businessKey = filter.businessKey();
        if (businessKey != null && (businessKey.indexOf('=') < 1 || businessKey.endsWith("="))) {
            read.problem("businessKey must be name=value, e.g. orderId=o-1001, not '" + businessKey + "'");
            filter = new SagaFilter(filter.type(), filter.status(), filter.stuckReason(), filter.service(), null,
                    filter.correlationKey(), filter.search(), filter.startedFrom(), filter.startedTo(),
                    filter.progressFrom(), filter.progressTo(), filter.stuckLongerThan(), filter.step(), null);
        }
        return new Parsed(filter, outcome == null ? null : new CompensationFilter(outcome, compensationStep),
                read.problems());
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
        return QueryReader.location(SagaListView.PATH, values);
    }

    private static void put(Map<String, String> values, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            values.put(name, value.toString());
        }
    }
}
