package io.opsplane.console.compensation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.saga.SagaProgress;
import io.opsplane.console.saga.SagaQueries;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves that sent commands worked. A command is VERIFIED when the saga's own facts (built by ingestion from
 * the services' events) show its outcome: the step compensated, or the retried step done. Then the action's
 * next command goes into the outbox, or the action is VERIFIED when it was the last. A command whose outcome
 * has not arrived by its deadline makes the action UNVERIFIED, and nothing further of it is sent. Reads only
 * commands awaiting an outcome (a partial index by deadline), soonest deadline first, and their sagas' progress
 * through the saga feature's query API: the saga tables stay the saga feature's own.
 */
@Component
record ActionVerifier(
        JdbcTemplate jdbc,
        SagaQueries sagas,
        TransactionTemplate transaction,
        ActionStore store,
        AuditLog audit,
        OutboxRelay relay) {

    private static final int CHUNK = 2_000;

    private record Awaiting(long actionId, int seq, long sagaId, String step, String expects, String expectedEvent,
                            String commandType, long timeoutMs, boolean overdue) {
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

    /** One chunk: {checked, settled}. Commands still awaiting their outcome stay SENT, unlocked at commit. */
    private int[] pass() {
        List<Awaiting> due = jdbc.query("""
                SELECT action_id, seq, saga_id, step, expects, expected_event, command_type, timeout_ms,
                       deadline <= now() AS overdue
                FROM operator_action_item
                WHERE state = 'SENT'
                ORDER BY deadline
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", (rs, n) -> new Awaiting(rs.getLong(1), rs.getInt(2), rs.getLong(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getBoolean(9)),
                CHUNK);
        Map<Long, SagaProgress> progressBySaga = sagas.progressOf(due.stream().map(Awaiting::sagaId)
                .collect(Collectors.toSet()));
        int settled = 0;
        for (Awaiting item : due) {
            SagaProgress progress = progressBySaga.get(item.sagaId());
            Instant observed = progress == null ? null : ActionPlanner.EXPECTS_COMPENSATED.equals(item.expects())
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
