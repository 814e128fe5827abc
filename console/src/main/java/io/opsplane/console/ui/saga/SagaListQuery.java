package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.ui.kit.QueryReader;

/**
 * A saga list filter as the query parameters of a console URL, named as in the REST API
 * ({@code /sagas?status=STUCK&service=payment} lists what {@code /api/sagas?status=STUCK&service=payment}
 * returns), so alerts and chat messages can link to exactly the list they mean.
 */
public final class SagaListQuery {

    private SagaListQuery() {
    }

    /** The filter a URL asks for, and what in it could not be read (those parameters are left out). */
    public record Parsed(SagaFilter filter, List<String> problems) {
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
                read.value("stuckLongerThan", Duration::parse, "an ISO-8601 duration such as PT15M"));
        String businessKey = filter.businessKey();
        if (businessKey != null && (businessKey.indexOf('=') < 1 || businessKey.endsWith("="))) {
            read.problem("businessKey must be name=value, e.g. orderId=o-1001, not '" + businessKey + "'");
            filter = new SagaFilter(filter.type(), filter.status(), filter.stuckReason(), filter.service(), null,
                    filter.correlationKey(), filter.search(), filter.startedFrom(), filter.startedTo(),
                    filter.progressFrom(), filter.progressTo(), filter.stuckLongerThan());
        }
        return new Parsed(filter, read.problems());
    }

    /** "sagas?status=STUCK&service=payment": the list's location for links and the address bar, parameters in a fixed order. */
    public static String location(SagaFilter filter) {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "type", filter.type());
        put(values, "status", filter.status());
        put(values, "stuckReason", filter.stuckReason());
        put(values, "service", filter.service());
        put(values, "businessKey", filter.businessKey());
        put(values, "correlationKey", filter.correlationKey());
        put(values, "q", filter.search());
        put(values, "startedFrom", filter.startedFrom());
        put(values, "startedTo", filter.startedTo());
        put(values, "progressFrom", filter.progressFrom());
        put(values, "progressTo", filter.progressTo());
        put(values, "stuckLongerThan", filter.stuckLongerThan());
        return QueryReader.location(SagaListView.PATH, values);
    }

    private static void put(Map<String, String> values, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            values.put(name, value.toString());
        }
    }
}
