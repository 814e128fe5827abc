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
import io.opsplane.console.saga.SagaSort;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.ui.kit.QueryReader;


import static io.opsplane.console.ui.kit.Messages.t;

/**
 * A saga list filter as the query parameters of a console URL, named as in the REST API
 * ({@code /sagas?status=STUCK&service=payment} lists what {@code /api/sagas?status=STUCK&service=payment}
 * returns), so alerts and chat messages can link to exactly the list they mean. Alert links are made here too
 * (through {@code ui.alerting.AlertLinks}), by the same code that reads them back. Parameters only the console
 * reads narrow the list to sagas another feature names: {@code compensation=UNVERIFIED} (and
 * {@code compensationStep=refund-payment}) to those with an operator action that ended so, {@code legacy=true} to
 * those that run through a legacy service.
 */
public final class SagaListQuery {

    /** The outcomes a compensation alert counts, the only ones the list filters by. */
    static final List<ActionStatus> COMPENSATION_OUTCOMES = List.of(ActionStatus.UNVERIFIED, ActionStatus.FAILED);

    private SagaListQuery() {
    }

    /** A narrowing of the list to the sagas another feature names; one at a time. */
    public sealed interface Narrowing permits CompensationFilter, ThroughLegacy {
        /** What the list shows, said to the person reading it. */
        String describe();
    }

    /** Sagas with an operator action that ended {@code outcome}, at {@code step} if given (the step whose command did not work). */
    public record CompensationFilter(ActionStatus outcome, String step) implements Narrowing {
        @Override
        public String describe() {
            return step == null ? t("sagas.narrowing.outcome", outcome.name())
                    : t("sagas.narrowing.outcomeAtStep", outcome.name(), step);
        }
    }

    /** Sagas whose traces have spans of a legacy service (opsplane.migration.legacy-services). */
    public record ThroughLegacy() implements Narrowing {
        @Override
        public String describe() {
            return t("sagas.narrowing.legacy");
        }
    }

    /**
     * The filter a URL asks for, what it narrows to (null: nothing), the order it asks for (null: the filter's
     * default, {@link SagaSort#defaultFor}), and what in it could not be read (those parameters are left out).
     */
    public record Parsed(SagaFilter filter, Narrowing narrowing, SagaSort sort, List<String> problems) {
    }

    public static Parsed parse(QueryParameters parameters) {
        QueryReader read = new QueryReader(parameters);
        SagaFilter filter = new SagaFilter(
                read.text("type"),
                read.value("status", SagaStatus::valueOf, t("query.oneOf", Arrays.toString(SagaStatus.values()))),
                read.value("stuckReason", StuckReason::valueOf, t("query.oneOf", Arrays.toString(StuckReason.values()))),
                read.text("service"),
                read.text("businessKey"),
                read.text("correlationKey"),
                read.text("q"),
                read.value("startedFrom", Instant::parse, t("query.isoTime")),
                read.value("startedTo", Instant::parse, t("query.isoTime")),
                read.value("progressFrom", Instant::parse, t("query.isoTime")),
                read.value("progressTo", Instant::parse, t("query.isoTime")),
                read.value("stuckLongerThan", Duration::parse, t("query.isoDuration")),
                read.text("step"), null);
        ActionStatus outcome = read.value("compensation", name -> {
            ActionStatus status = ActionStatus.valueOf(name);
            if (!COMPENSATION_OUTCOMES.contains(status)) {
                throw new IllegalArgumentException(name);
            }
            return status;
        }, t("query.oneOf", COMPENSATION_OUTCOMES.toString()));
        String compensationStep = read.text("compensationStep");
        if (outcome == null && compensationStep != null) {
            read.problem(t("sagas.query.compensationStep"));
        }
        Boolean legacy = read.value("legacy", SagaListQuery::bool, t("query.boolean"));
        SagaSort sort = read.value("sort", SagaSort::fromParameter, t("query.oneOf", "newest, oldest, waiting, progress, stuck"));
        Narrowing narrowing = outcome == null ? null : new CompensationFilter(outcome, compensationStep);
        if (Boolean.TRUE.equals(legacy)) {
            if (narrowing != null) {
                read.problem(t("sagas.query.legacyAndCompensation"));
            } else {
                narrowing = new ThroughLegacy();
            }
        }
        String businessKey = filter.businessKey();
        if (businessKey != null && (businessKey.indexOf('=') < 1 || businessKey.endsWith("="))) {
            read.problem(t("sagas.query.businessKey", businessKey));
            filter = new SagaFilter(filter.type(), filter.status(), filter.stuckReason(), filter.service(), null,
                    filter.correlationKey(), filter.search(), filter.startedFrom(), filter.startedTo(),
                    filter.progressFrom(), filter.progressTo(), filter.stuckLongerThan(), filter.step(), null);
        }
        return new Parsed(filter, narrowing, sort, read.problems());
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text);
        };
    }

    /** "sagas?status=STUCK&service=payment": the list's location for links and the address bar, parameters in a fixed order. */
    public static String location(SagaFilter filter) {
        return location(filter, null);
    }

    /** The list's location narrowed as well (null: not narrowed). */
    public static String location(SagaFilter filter, Narrowing narrowing) {
        return location(filter, narrowing, null);
    }

    /** The list's location narrowed and in an order (null, or the filter's default: left out of the URL). */
    public static String location(SagaFilter filter, Narrowing narrowing, SagaSort sort) {
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
        switch (narrowing) {
            case CompensationFilter compensation -> {
                put(values, "compensation", compensation.outcome());
                put(values, "compensationStep", compensation.step());
            }
            case ThroughLegacy legacy -> put(values, "legacy", true);
            case null -> { }
        }
        if (sort != null && sort != SagaSort.defaultFor(filter)) {
            put(values, "sort", sort.parameter());
        }
        return QueryReader.location(SagaListView.PATH, values);
    }

    private static void put(Map<String, String> values, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            values.put(name, value.toString());
        }
    }
}
