package io.opsplane.console.ui.telemetry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.router.QueryParameters;
import io.opsplane.console.telemetry.log.LogQuery;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.TimeWindow;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * A log search as a console URL carries it
 * ({@code logs?q=declined&service=payment&minSeverity=WARN&traceId=…&lookback=1h}), named as in
 * {@code GET /api/logs}.
 */
record LogSearchQuery(String text, String service, Level minSeverity, String traceId, TimeWindow window)
        implements SearchPage.Search {

    /** OpenTelemetry's levels, each the lowest severity number of its range (INFO is 9–12). */
    enum Level {
        TRACE(1), DEBUG(5), INFO(9), WARN(13), ERROR(17), FATAL(21);

        final int lowest;

        Level(int lowest) {
            this.lowest = lowest;
        }
    }

    static LogSearchQuery ofTrace(String traceId, TimeWindow window) {
        return new LogSearchQuery(null, null, null, Traces.fullId(traceId), window);
    }

    LogSearchQuery withWindow(TimeWindow newWindow) {
        return new LogSearchQuery(text, service, minSeverity, traceId, newWindow);
    }

    record Parsed(LogSearchQuery query, List<String> problems) implements SearchPage.Parsed<LogSearchQuery> {
    }

    static Parsed parse(QueryParameters parameters) {
        QueryReader read = new QueryReader(parameters);
        String text = read.text("q");
        String service = read.text("service");
        Level level = read.value("minSeverity", name -> Level.valueOf(name.toUpperCase(Locale.ROOT)),
                t("query.oneOf", List.of(Level.values())));
        String traceId = read.value("traceId", id -> {
            if (id.length() != 32 && id.length() != 16 || !Traces.isTraceId(id)) {
                throw new IllegalArgumentException();
            }
            return Traces.fullId(id);
        }, t("query.traceId"));
        TimeWindow window = TimeWindow.parse(read, TimeWindow.DEFAULT_LOOKBACK);
        return new Parsed(new LogSearchQuery(text, service, level, traceId, window), read.problems());
    }

    /** The search over [from, to) as of {@code now}. */
    LogQuery query(Instant now) {
        return new LogQuery(text, service, null, minSeverity == null ? null : minSeverity.lowest,
                traceId == null ? null : List.of(traceId), null, window.start(now), window.end(now));
    }

    /** The same filters from {@code since} on, without an end: what live tail asks for. */
    LogQuery since(Instant since) {
        return new LogQuery(text, service, null, minSeverity == null ? null : minSeverity.lowest,
                traceId == null ? null : List.of(traceId), null, since, null);
    }

    @Override
    public String location() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("q", text);
        values.put("service", service);
        values.put("minSeverity", minSeverity == null ? null : minSeverity.name());
        values.put("traceId", traceId);
        window.putInto(values);
        return QueryReader.location(LogsView.PATH, values);
    }
}
