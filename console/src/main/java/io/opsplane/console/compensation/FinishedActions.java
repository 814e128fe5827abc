package io.opsplane.console.compensation;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Retention of operator actions: those that finished (or were rejected) long ago go with their commands and outbox
 * rows. Open ones ({@code PENDING_APPROVAL}, {@code IN_PROGRESS}) stay whatever their age. The audit log keeps what
 * was decided and why.
 */
@Repository
public class FinishedActions {

    /** Finished before the cut-off: the time it finished, or was decided (a rejection), or asked for. */
    private static final String FINISHED_BEFORE = """
            status NOT IN ('PENDING_APPROVAL', 'IN_PROGRESS') AND coalesce(finished_at, decided_at, requested_at) < ?""";

    private final JdbcTemplate jdbc;

    FinishedActions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many actions finished before {@code cutoff}: what retention would remove. */
    public long countOlder(Instant cutoff) {
        return jdbc.queryForObject("SELECT count(*) FROM operator_action WHERE " + FINISHED_BEFORE, Long.class,
                Timestamp.from(cutoff));
    }

    /**
     * Deletes up to {@code limit} actions finished before {@code cutoff}, oldest first, with their commands and the
     * commands' outbox rows (found by their idempotency key), in one statement; answers how many actions went.
     */
    public int purgeOlder(Instant cutoff, int limit) {
        return jdbc.update("""
                WITH doomed AS (
                    SELECT id FROM operator_action WHERE""" + " " + FINISHED_BEFORE + " " + """
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
                ), items AS (
                    DELETE FROM operator_action_item i USING doomed d WHERE i.action_id = d.id
                    RETURNING i.idempotency_key
                ), outbox AS (
                    DELETE FROM command_outbox o USING items i WHERE o.idempotency_key = i.idempotency_key
                )
                DELETE FROM operator_action a USING doomed d WHERE a.id = d.id""", Timestamp.from(cutoff), limit);
    }
}
