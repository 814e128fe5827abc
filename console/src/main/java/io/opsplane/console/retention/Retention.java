package io.opsplane.console.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.opsplane.alerting.delivery.DeliveryLog;
import io.opsplane.console.compensation.FinishedActions;
import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.ingest.DeadLetters;
import io.opsplane.console.saga.SagaStore;
import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.telemetry.es.DailyIndices;
import io.opsplane.console.telemetry.es.Elasticsearch;
import io.opsplane.console.web.FreeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Opsplane keeps and for how long. A pass deletes the daily indices whose day is past their kind's cut-off
 * (only names a {@link DailyIndices} family recognises, never anything else in the cluster), then the rows past
 * theirs, each table through the feature that owns it, in small batches with a pause between, so ingestion never
 * waits on a purge for long. The audit log is never deleted: it is append-only and hash-chained.
 */
@Service
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tables shown but never deleted from. */
    private static final List<String> KEPT_TABLES = List.of("operator_audit");

    private final RetentionProperties properties;
    private final Elasticsearch elasticsearch;
    private final List<DailyIndices> families;
    private final TableSizes sizes;
    private final AuditLog audit;
    private final List<RowKind> rowKinds;

    Retention(RetentionProperties properties, Elasticsearch elasticsearch, List<DailyIndices> families,
              TableSizes sizes, AuditLog audit, SagaStore sagas, FinishedActions actions, DeliveryLog deliveries,
              DeadLetters deadLetters) {
        this.properties = properties;
        this.elasticsearch = elasticsearch;
        this.families = List.copyOf(families);
        this.sizes = sizes;
        this.audit = audit;
        this.rowKinds = List.of(
                new RowKind("sagas", properties.sagas(),
                        List.of("saga_instance", "saga_event", "saga_key", "saga_stuck_mark"),
                        sagas::countEnded, sagas::purgeEnded),
                new RowKind("actions", properties.actions(),
                        List.of("operator_action", "operator_action_item", "command_outbox"),
                        actions::countOlder, actions::purgeOlder),
                new RowKind("deliveries", properties.deliveries(), List.of("alert_delivery", "alert_delivery_attempt"),
                        deliveries::countFinished, deliveries::purgeFinished),
                new RowKind("dead-letters", properties.deadLetters(), List.of("dead_letter"),
                        deadLetters::countOlder, deadLetters::purgeOlder));
    }

    /** A kind of data, how long it is kept, and what of it the next pass removes: indices or rows. */
    public record Kind(String kind, String keep, Instant cutoff, long due, long dueBytes) {
    }

    /** One index of a family Opsplane writes. */
    public record Index(String kind, String name, LocalDate day, long docs, long bytes, boolean due) {
    }

    /** One table, with its rows (counted, or PostgreSQL's estimate above a million) and bytes with its indexes. */
    public record Table(String kind, String name, long rows, long bytes) {
    }

    /** Storage now and what the next pass removes; {@code elasticsearchProblem} says why indices are missing. */
    public record Report(Instant at, boolean scheduled, Duration interval, List<Kind> kinds, List<Index> indices,
                         List<Table> tables, String elasticsearchProblem) {
    }

    /**
     * What a pass removed, or with {@code dryRun} would remove: index names, and rows per kind (sagas, actions,
     * deliveries, dead letters: counted by their main row).
     */
    public record Pass(boolean dryRun, Instant startedAt, Instant finishedAt, List<String> indices,
                       Map<String, Long> rows, String elasticsearchProblem) {
    }

    public Report report() {
        Instant now = Instant.now();
        List<Kind> kinds = new ArrayList<>();
        List<Index> indices = new ArrayList<>();
        String problem = null;
        Map<String, long[]> dueIndices = new LinkedHashMap<>();
        for (String kind : indexKinds()) {
            dueIndices.put(kind, new long[2]);
        }
        try {
            for (DailyIndices family : families) {
                LocalDate cutoff = cutoffDay(family.kind(), now);
                for (Elasticsearch.IndexStorage index : elasticsearch.indices(family.pattern())) {
                    LocalDate day = family.dateOf(index.name());
                    if (day == null) {
                        continue;
                    }
                    boolean due = cutoff != null && day.isBefore(cutoff);
                    indices.add(new Index(family.kind(), index.name(), day, index.docs(), index.bytes(), due));
                    if (due) {
                        long[] sum = dueIndices.get(family.kind());
                        sum[0]++;
                        sum[1] += index.bytes();
                    }
                }
            }
        } catch (TelemetryUnavailableException | TelemetryRefusedException e) {
            problem = e.getMessage();
        }
        for (String kind : indexKinds()) {
            Duration keep = indexKeep(kind);
            LocalDate cutoff = cutoffDay(kind, now);
            long[] due = dueIndices.get(kind);
            kinds.add(new Kind(kind, keep(keep), cutoff == null ? null : cutoff.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    due[0], due[1]));
        }
        List<String> tableNames = new ArrayList<>();
        Map<String, String> kindOfTable = new LinkedHashMap<>();
        for (RowKind kind : rowKinds) {
            Instant cutoff = kind.cutoff(now);
            kinds.add(new Kind(kind.kind, keep(kind.keep), cutoff, cutoff == null ? 0 : kind.count.apply(cutoff), 0));
            kind.tables.forEach(table -> kindOfTable.put(table, kind.kind));
        }
        KEPT_TABLES.forEach(table -> kindOfTable.put(table, "audit"));
        kinds.add(new Kind("audit", "forever", null, 0, 0));
        tableNames.addAll(kindOfTable.keySet());
        List<Table> tables = new ArrayList<>();
        sizes.of(tableNames).forEach((name, size) -> tables.add(new Table(kindOfTable.get(name), name, size.rows(),
                size.bytes())));
        return new Report(now, properties.enabled(), properties.interval(), List.copyOf(kinds), List.copyOf(indices),
                List.copyOf(tables), problem);
    }

    /** A pass asked for by an ADMIN, audited unless it is a dry run. */
    @PreAuthorize("hasRole('ADMIN')")
    public Pass runNow(boolean dryRun, String reason, String actor) {
        if (dryRun) {
            return dryRun();
        }
        String why = reason == null || reason.isBlank() ? "retention pass run by hand" : FreeText.limited("reason", reason.trim());
        Pass pass = null;
        RuntimeException failure = null;
        try {
            pass = pass();
            return pass;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            ObjectNode details = JSON.createObjectNode();
            if (pass != null) {
                details.set("indices", JSON.valueToTree(pass.indices()));
                details.set("rows", JSON.valueToTree(pass.rows()));
            }
            audit.entry(actor, AuditActions.RETENTION_RUN).reason(why).details(details)
                    .outcome(failure != null ? "failed: " + failure.getMessage() : summary(pass)).record();
        }
    }

    /** What a pass now would remove, removing nothing. */
    public Pass dryRun() {
        Instant now = Instant.now();
        Report report = report();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (RowKind kind : rowKinds) {
            rows.put(kind.kind, report.kinds().stream().filter(k -> k.kind().equals(kind.kind)).findFirst()
                    .map(Kind::due).orElse(0L));
        }
        return new Pass(true, now, Instant.now(), report.indices().stream().filter(Index::due).map(Index::name).toList(),
                rows, report.elasticsearchProblem());
    }

    /** One pass: due indices, then due rows batch by batch. The schedule calls it on one console at a time. */
    Pass pass() {
        Instant now = Instant.now();
        List<String> deleted = new ArrayList<>();
        String problem = null;
        try {
            for (DailyIndices family : families) {
                LocalDate cutoff = cutoffDay(family.kind(), now);
                if (cutoff == null) {
                    continue;
                }
                for (Elasticsearch.IndexStorage index : elasticsearch.indices(family.pattern())) {
                    LocalDate day = family.dateOf(index.name());
                    if (day != null && day.isBefore(cutoff) && elasticsearch.deleteIndex(index.name())) {
                        deleted.add(index.name());
                    }
                }
            }
        } catch (TelemetryUnavailableException | TelemetryRefusedException e) {
            // the tables are purged all the same; the indices wait for the next pass
            problem = e.getMessage();
            log.warn("Retention could not delete old indices this pass: {}", problem);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (RowKind kind : rowKinds) {
            rows.put(kind.kind, purge(kind, now));
        }
        Pass pass = new Pass(false, now, Instant.now(), List.copyOf(deleted), rows, problem);
        log.info("Retention pass: {}", summary(pass));
        return pass;
    }

    private long purge(RowKind kind, Instant now) {
        Instant cutoff = kind.cutoff(now);
        if (cutoff == null) {
            return 0;
        }
        long total = 0;
        while (true) {
            long began = System.nanoTime();
            int batch = kind.purge.apply(cutoff, properties.batchSize());
            total += batch;
            if (batch < properties.batchSize()) {
                return total;
            }
            // at least twice the batch's own time: a pass over a large backlog then takes at most a third of the
            // database from ingestion (a fixed 50 ms cost ingestion 30 % of its rate over 10,000,000 sagas)
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            Duration pause = took.multipliedBy(2).compareTo(properties.pause()) > 0 ? took.multipliedBy(2) : properties.pause();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                // shutting down: the rest waits for the next pass
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }

    private static String summary(Pass pass) {
        if (pass == null) {
            return "nothing";
        }
        return pass.indices().size() + " indices, " + String.join(", ", pass.rows().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).toList()) + " removed"
                + (pass.elasticsearchProblem() == null ? "" : "; indices not reached: " + pass.elasticsearchProblem());
    }

    private List<String> indexKinds() {
        return List.of("spans", "logs", "dependencies");
    }

    private Duration indexKeep(String kind) {
        return switch (kind) {
            case "spans" -> properties.spans();
            case "logs" -> properties.logs();
            case "dependencies" -> properties.dependencies();
            default -> Duration.ZERO;
        };
    }

    /** Indices of days before this one are due; null when the kind is kept for ever. */
    private LocalDate cutoffDay(String kind, Instant now) {
        Duration keep = indexKeep(kind);
        return keep.isZero() ? null : LocalDate.ofInstant(now.minus(keep), ZoneOffset.UTC);
    }

    /** A retention as people write it: 7d, 12h, or forever. */
    public static String keep(Duration keep) {
        if (keep.isZero()) {
            return "forever";
        }
        if (keep.toHoursPart() == 0 && keep.toMinutesPart() == 0 && keep.toSecondsPart() == 0 && keep.toNanosPart() == 0) {
            return keep.toDays() + "d";
        }
        return keep.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Rows of one kind, deleted through the feature that owns their tables. */
    private record RowKind(String kind, Duration keep, List<String> tables, Function<Instant, Long> count,
                           BiFunction<Instant, Integer, Integer> purge) {

        Instant cutoff(Instant now) {
            return keep.isZero() ? null : now.minus(keep);
        }
    }
}
