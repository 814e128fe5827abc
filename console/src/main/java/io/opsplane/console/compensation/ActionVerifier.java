package io.opsplane.console.compensation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.saga.SagaProgress;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves that sent commands worked. A command is VERIFIED when the saga's own facts (built by ingestion from
 * the services' events) show its outcome: the step compensated, or the retried step done. Then the action's
 * next command goes into the outbox, or the action is VERIFIED when it was the last. A command whose outcome
 * has not arrived by its deadline makes the action UNVERIFIED, and nothing further of it is sent. Reads only
 * commands awaiting an outcome (a partial index by deadline) whose saga changed since sending or whose
 * deadline passed.
 */
@Component
public class ActionVerifier {

    private static final int CHUNK = 2_000;

    private record Awaiting(long actionId, int seq, String step, String expects, String expectedEvent,
                            String commandType, long timeoutMs, boolean overdue, String progress) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ActionStore store;
    private final AuditLog audit;
    private final OutboxRelay relay;

    ActionVerifier(JdbcTemplate jdbc, TransactionTemplate transaction, ActionStore store, AuditLog audit,
                   OutboxRelay relay) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.store = store;
        this.audit = audit;
        this.relay = relay;
    }

    /** Checks what is due; answers how many commands were settled (verified or not). */
    public int verify() {
        int total = 0;
        int[] pass;
        do {
            pass = transaction.execute(tx -> pass());
            total += pass[1];
        } while (pass[0] == CHUNK && pass[1] > 0);
        return total;
    }

    /** One chunk: {checked, settled}. */
    private int[] pass() {
        List<Awaiting> due = jdbc.query("""
                SELECT i.action_id, i.seq, i.step, i.expects, i.expected_event, i.command_type, i.timeout_ms,
                       i.deadline <= now() AS overdue, s.progress
                FROM operator_action_item i JOIN saga_instance s ON s.id = i.saga_id
                WHERE i.state = 'SENT'
                  AND (i.deadline <= now() OR s.updated_at >= i.sent_at - interval '5 seconds')
                ORDER BY i.deadline
                LIMIT ?
                FOR UPDATE OF i SKIP LOCKED""", (rs, n) -> new Awaiting(rs.getLong(1), rs.getInt(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBoolean(8), rs.getString(9)),
                CHUNK);
        int settled = 0;
        for (Awaiting item : due) {
            SagaProgress progress = SagaProgress.fromJson(item.progress());
            Instant observed = ActionPlanner.EXPECTS_COMPENSATED.equals(item.expects())
                    ? progress.stepCompensatedAt(item.step()) : progress.stepDoneAt(item.step());
            if (observed != null) {
                verified(item);
                settled++;
            } else if (item.overdue()) {
                unverified(item);
                settled++;
            }
        }
        return new int[] {due.size(), settled};
    }

    private void verified(Awaiting item) {
        jdbc.update("UPDATE operator_action_item SET state = 'VERIFIED', verified_at = now() WHERE action_id = ? AND seq = ?",
                item.actionId(), item.seq());
        Instant now = Instant.now();
        if (store.queue(item.actionId(), item.seq() + 1, now)) {
            OperatorActions.afterCommit(relay::wake);
            return;
        }
        OperatorAction action = store.find(item.actionId()).orElseThrow();
        String outcome = "verified: " + action.items().stream().map(i -> i.commandType() + " → " + i.expectedEvent()
                + " observed").collect(Collectors.joining("; "));
        store.finish(action.id(), ActionStatus.VERIFIED, outcome, now);
        audit.entry("opsplane", AuditActions.ACTION_VERIFIED).saga(action.sagaId(), action.sagaType()).action(action.id())
                .bulkJob(action.bulkJobId()).policy(action.policyId()).outcome(outcome).record();
    }

    private void unverified(Awaiting item) {
        String why = "no " + item.expectedEvent() + " within " + Duration.ofMillis(item.timeoutMs()).toString()
                .substring(2).toLowerCase(java.util.Locale.ROOT) + " of sending " + item.commandType();
        jdbc.update("UPDATE operator_action_item SET state = 'UNVERIFIED', error = ? WHERE action_id = ? AND seq = ?",
                why, item.actionId(), item.seq());
        OperatorAction action = store.find(item.actionId()).orElseThrow();
        String outcome = "unverified: " + why + (action.items().size() > item.seq()
                ? "; the commands after it were not sent" : "");
        store.finish(action.id(), ActionStatus.UNVERIFIED, outcome, Instant.now());
        audit.entry("opsplane", AuditActions.ACTION_UNVERIFIED).saga(action.sagaId(), action.sagaType())
                .action(action.id()).bulkJob(action.bulkJobId()).policy(action.policyId())
                .outcome(outcome).record();
    }
}
