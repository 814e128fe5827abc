package io.opsplane.console.telemetry.log;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Logs", description = "Log records in Elasticsearch, as the OpenTelemetry Collector writes them")
record LogController(LogSearch search, SagaQueries sagas) {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @GetMapping("/api/logs")
    @Operation(summary = "Search log records, newest first, with keyset paging")
    LogPage search(
            @Parameter(description = "words or \"a phrase\" in the body; all must occur")
            @RequestParam(required = false) String q,
            @Parameter(description = "service.name of the resource")
            @RequestParam(required = false) String service,
            @Parameter(description = "severity texts such as ERROR (any case); several as a list")
            @RequestParam(required = false) List<String> severity,
            @Parameter(description = "lowest severity: a number 1–24 or TRACE, DEBUG, INFO, WARN, ERROR, FATAL")
            @RequestParam(required = false) String minSeverity,
            @Parameter(description = "32 hex digits; several as a list")
            @RequestParam(required = false) List<String> traceId,
            @Parameter(description = "16 hex digits")
            @RequestParam(required = false) String spanId,
            @Parameter(description = "inclusive, ISO-8601")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "exclusive, ISO-8601")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "the next cursor of the previous page")
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int limit) {
        LogQuery query = new LogQuery(q, service, severity, minimum(minSeverity), traceId, spanId, from, to);
        return search.search(query, false, after, limit);
    }

    @GetMapping("/api/logs/histogram")
    @Operation(summary = "Counts of log records over time by level",
            description = "Takes the filters of the search. Without a range, the last hour; without an "
                    + "interval, one that gives about 60 buckets.")
    LogHistogram histogram(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String service,
            @RequestParam(required = false) List<String> severity,
            @RequestParam(required = false) String minSeverity,
            @RequestParam(required = false) List<String> traceId,
            @RequestParam(required = false) String spanId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "bucket width: ISO-8601 (PT5M) or short (30s, 5m, 1h, 1d)")
            @RequestParam(required = false) String interval) {
        Instant end = to != null ? to : Instant.now();
        Instant start = from != null ? from : end.minus(Duration.ofHours(1));
        LogQuery query = new LogQuery(q, service, severity, minimum(minSeverity), traceId, spanId, start, end);
        return search.histogram(query, interval == null || interval.isBlank() ? null : duration(interval));
    }

    @GetMapping("/api/sagas/{id}/logs")
    @Operation(summary = "The log records of a saga's traces, oldest first, with keyset paging")
    LogPage sagaLogs(@PathVariable long id,
                     @Parameter(description = "the next cursor of the previous page")
                     @RequestParam(required = false) String after,
                     @RequestParam(defaultValue = "500") int limit) {
        List<String> traceIds = sagas.traceIds(id).orElseThrow(() -> new NotFoundException("no saga with id " + id))
                .stream().filter(LogController::isTraceId).toList();
        if (traceIds.isEmpty()) {
            return new LogPage(List.of(), null);
        }
        return search.search(LogQuery.all().withTraceIds(traceIds), true, after, limit);
    }

    private static boolean isTraceId(String id) {
        return id != null && id.length() == 32 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static Integer minimum(String minSeverity) {
        return minSeverity == null || minSeverity.isBlank() ? null : Severity.parseMinimum(minSeverity);
    }

    private static Duration duration(String text) {
        Matcher shortForm = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("interval must be a duration such as PT5M or 5m, not '" + text + "'");
        }
    }
}
