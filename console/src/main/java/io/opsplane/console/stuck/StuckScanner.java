package io.opsplane.console.stuck;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks instances STUCK once they are due. The scan reads the partial index on due_at, so its cost
 * follows the number of due instances, not the table; SKIP LOCKED lets a scan pass over rows that
 * ingestion (or another scan) holds, and the due_at check in the claim means no instance is marked twice.
 */
@Component
public class StuckScanner {

    private static final int CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    StuckScanner(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Marks every instance due at {@code now}; answers how many were marked. */
    public int scan(Instant now, String scannedBy) {
        int total = 0;
        int marked;
        do {
            marked = transaction.execute(tx -> markChunk(now, scannedBy));
            total += marked;
        } while (marked == CHUNK);
        return total;
    }

    private int markChunk(Instant now, String scannedBy) {
        Timestamp at = Timestamp.from(now);
        return jdbc.update("""
                WITH due AS (
                    SELECT id FROM saga_instance
                    WHERE due_at <= ?
                    ORDER BY due_at
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED
                ), marked AS (
                    UPDATE saga_instance s SET
                        status = 'STUCK',
                        stuck_reason = CASE
                            WHEN s.saga_deadline <= ? THEN 'DEADLINE'
                            WHEN s.status = 'FAILED' THEN 'FAILED_NOT_COMPENSATED'
                            ELSE 'STEP_TIMEOUT' END,
                        stuck_since = ?,
                        due_at = NULL,
                        updated_at = now()
                    FROM due
                    WHERE s.id = due.id
                    RETURNING s.id, s.stuck_reason, s.current_step
                )
                INSERT INTO saga_stuck_mark (saga_id, reason, step, marked_at, marked_by)
                SELECT id, stuck_reason, current_step, ?, ? FROM marked
                """, at, CHUNK, at, at, at, scannedBy);
    }
}
