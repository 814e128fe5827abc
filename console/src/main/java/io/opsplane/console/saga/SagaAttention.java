package io.opsplane.console.saga;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.opsplane.console.sql.FilteredQuery;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Aggregates over sagas that alert rules and other watchers ask for every few seconds. Stuck sagas are read
 * through the partial index of sagas that need attention (status STUCK, FAILED, COMPENSATING), failures through
 * the index on started_at: neither reads the bulk of the table, however large it grows.
 */
@Service
public class SagaAttention {

    /** Sagas stuck at one step of one type for one reason: how many, who is responsible, the oldest few. */
    public record StuckGroup(String sagaType, String step, String reason, String service, long count,
                             List<String> oldestCorrelationKeys) {
    }

    /** Of the sagas of one type started in a window, how many have failed. */
    public record FailureCount(String sagaType, long started, long failed) {
    }

    /** What counts as failed: failed, being or already compensated, or stuck after a failure nobody compensated. */
    private static final String FAILED = """
            status IN ('FAILED', 'COMPENSATING', 'COMPENSATED')
            OR (status = 'STUCK' AND stuck_reason = 'FAILED_NOT_COMPENSATED')""";

    private final JdbcTemplate jdbc;

    SagaAttention(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stuck sagas grouped by type, step and reason (null arguments match any), with {@code samples} keys each. */
    public List<StuckGroup> stuck(String sagaType, String step, String reason, int samples) {
        FilteredQuery query = new FilteredQuery("""
                SELECT saga_type, current_step, stuck_reason, min(responsible_service), count(*),
                       (array_agg(correlation_key ORDER BY stuck_since, id))[1:%d]
                FROM saga_instance WHERE status = 'STUCK'""".formatted(samples))
                .equal("saga_type", sagaType)
                .equal("current_step", step)
                .equal("stuck_reason", reason)
                .append(" GROUP BY saga_type, current_step, stuck_reason ORDER BY 1, 2, 3");
        return jdbc.query(query.sql(), (rs, n) -> new StuckGroup(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getLong(5), strings(rs.getArray(6))), query.args());
    }

    /** Per saga type (or the one given), the sagas started in {@code [from, to]} and how many of them failed. */
    public List<FailureCount> failures(String sagaType, Instant from, Instant to) {
        FilteredQuery query = new FilteredQuery("SELECT saga_type, count(*), count(*) FILTER (WHERE " + FAILED
                + ") FROM saga_instance WHERE started_at >= ? AND started_at <= ?", Timestamp.from(from), Timestamp.from(to))
                .equal("saga_type", sagaType)
                .append(" GROUP BY saga_type ORDER BY 1");
        return jdbc.query(query.sql(), (rs, n) -> new FailureCount(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                query.args());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
