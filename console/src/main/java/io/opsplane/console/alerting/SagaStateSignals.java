package io.opsplane.console.alerting;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.opsplane.alerting.signal.SagaSignals;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers alert rules from saga state. Stuck sagas are read through the partial index of sagas that
 * need attention (status STUCK, FAILED, COMPENSATING), failure ratios through the index on
 * started_at: neither reads the bulk of the table, however large it grows.
 */
@Component
class SagaStateSignals implements SagaSignals {

    private static final int SAMPLES = 5;
    private static final String FAILED = """
            status IN ('FAILED', 'COMPENSATING', 'COMPENSATED')
            OR (status = 'STUCK' AND stuck_reason = 'FAILED_NOT_COMPENSATED')""";

    private final JdbcTemplate jdbc;

    SagaStateSignals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<StuckSagas> stuck(String sagaType, String step, String reason) {
        StringBuilder sql = new StringBuilder("""
                SELECT saga_type, current_step, stuck_reason, min(responsible_service), count(*),
                       (array_agg(correlation_key ORDER BY stuck_since, id))[1:%d]
                FROM saga_instance WHERE status = 'STUCK'""".formatted(SAMPLES));
        List<Object> args = new ArrayList<>();
        filter(sql, args, "saga_type", sagaType);
        filter(sql, args, "current_step", step);
        filter(sql, args, "stuck_reason", reason);
        sql.append(" GROUP BY saga_type, current_step, stuck_reason ORDER BY 1, 2, 3");
        return jdbc.query(sql.toString(), (rs, n) -> new StuckSagas(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getLong(5), strings(rs.getArray(6))), args.toArray());
    }

    @Override
    public List<FailureRatio> failureRatio(String sagaType, Duration window, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT saga_type, count(*), count(*) FILTER (WHERE " + FAILED
                + ") FROM saga_instance WHERE started_at >= ? AND started_at <= ?");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(now.minus(window)), Timestamp.from(now)));
        filter(sql, args, "saga_type", sagaType);
        sql.append(" GROUP BY saga_type ORDER BY 1");
        return jdbc.query(sql.toString(), (rs, n) -> new FailureRatio(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                args.toArray());
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
