package io.opsplane.console.compensation.bulk;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opsplane.console.compensation.ActionRequest;
import io.opsplane.console.compensation.CompensationProperties;
import io.opsplane.console.compensation.CompensationSettings;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.compensation.Origin;
import io.opsplane.console.compensation.UnknownTargetException;
import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.text.Phrase;
import io.opsplane.support.PollingWorker;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drives bulk jobs, on every console instance that has it enabled. Each tick claims one running job's row with
 * {@code FOR UPDATE SKIP LOCKED} (so one instance drives a job at a time, and several instances drive several
 * jobs), and in that one transaction decides the next sagas' actions (each with its outbox rows and audit entry)
 * and records each saga's result and the job's counts. A crash rolls the chunk back whole, so after a restart
 * every saga is acted on exactly once. The rate is a token bucket per job on the driving instance.
 */
@Component
class BulkWorker extends PollingWorker {

    private static final int MAX_CHUNK = 500;

    private record Item(int seq, long sagaId) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final OperatorActions actions;
    private final CompensationSettings settings;
    private final AuditLog audit;
    private final CompensationProperties.Bulk properties;
    /** Job id → tokens and when they were last filled, on this instance. */
    private final Map<Long, double[]> buckets = new HashMap<>();
    /** Job id → when its actions' outcomes were last counted, on this instance (about once a second). */
    private final Map<Long, Long> outcomesCounted = new HashMap<>();

    BulkWorker(JdbcTemplate jdbc, TransactionTemplate transaction, OperatorActions actions,
               CompensationSettings settings, AuditLog audit, CompensationProperties properties) {
        super("opsplane-bulk-worker", 1, false);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.actions = actions;
        this.settings = settings;
        this.audit = audit;
        this.properties = properties.bulk();
    }





    @Override
    protected boolean enabled() {
        return properties.enabled();
    }

    @Override
    protected Duration interval() {
        return properties.tick();
    }

    /** A tick every interval: the rate limit is counted in ticks, so a pass never runs straight after another. */
    @Override
    protected boolean pass() {
        tick();
        return false;
    }

    /** One chunk of one job, in one transaction. */
    void tick() {
        if (settings.current().killSwitch()) {
            return;
        }
        transaction.executeWithoutResult(tx -> {
            BulkJob job = jdbc.query("""
                    SELECT * FROM bulk_job WHERE status IN ('CANARY', 'RUNNING') ORDER BY id LIMIT 1
                    FOR UPDATE SKIP LOCKED""", BulkJobs.ROW).stream().findFirst().orElse(null);
            if (job == null || haltedForFailures(job)) {
                return;
            }
            int allowed = take(job);
            if (job.status() == BulkJobStatus.CANARY) {
                allowed = Math.min(allowed, job.canarySize() - job.processed());
            }
            if (allowed <= 0) {
                return;
            }
            List<Item> items = jdbc.query("""
                    SELECT seq, saga_id FROM bulk_job_item WHERE job_id = ? AND state = 'PENDING' ORDER BY seq LIMIT ?""",
                    (rs, n) -> new Item(rs.getInt(1), rs.getLong(2)), job.id(), allowed);
            int acted = 0;
            for (Item item : items) {
                acted += act(job, item) ? 1 : 0;
            }
            int processed = job.processed() + items.size();
            jdbc.update("UPDATE bulk_job SET processed = ?, acted = acted + ?, skipped = skipped + ?, updated_at = now()"
                    + " WHERE id = ?", processed, acted, items.size() - acted, job.id());
            if (items.size() < allowed) {
                finish(job, processed);
            } else if (job.status() == BulkJobStatus.CANARY && processed >= job.canarySize()) {
                jdbc.update("UPDATE bulk_job SET status = 'REVIEW', updated_at = now() WHERE id = ?", job.id());
                audit.entry("opsplane", AuditActions.BULK_CANARY_DONE).bulkJob(job.id()).policy(job.policyId())
                        .outcome("canary of " + processed + " done; paused for review").record();
            }
        });
    }

    /**
     * Pauses a running job once too many of its finished actions did not work (opsplane.compensation.bulk.halt-share
     * of at least halt-after): a job must not go on compensating hundreds of sagas with a command that does nothing.
     * Outcomes arrive after the commands, so they are counted about once a second while the job runs.
     */
    private boolean haltedForFailures(BulkJob job) {
        long now = System.currentTimeMillis();
        Long counted = outcomesCounted.get(job.id());
        if (job.status() != BulkJobStatus.RUNNING || (counted != null && now - counted < 1000)) {
            return false;
        }
        outcomesCounted.put(job.id(), now);
        Map<String, Object> outcomes = jdbc.queryForMap("""
                SELECT count(*) FILTER (WHERE status IN ('UNVERIFIED', 'FAILED')) AS bad,
                       count(*) FILTER (WHERE status NOT IN ('PENDING_APPROVAL', 'IN_PROGRESS')) AS finished
                FROM operator_action WHERE bulk_job_id = ?""", job.id());
        long bad = ((Number) outcomes.get("bad")).longValue();
        long finished = ((Number) outcomes.get("finished")).longValue();
        if (finished < properties.haltAfter() || bad < properties.haltShare() * finished) {
            return false;
        }
        jdbc.update("UPDATE bulk_job SET status = 'PAUSED', updated_at = now() WHERE id = ?", job.id());
        audit.entry("opsplane", AuditActions.BULK_PAUSED).bulkJob(job.id()).policy(job.policyId())
                .outcome(String.format(java.util.Locale.ROOT, "halted: %d of %d finished actions UNVERIFIED or FAILED"
                        + " (halt-share %.0f %%)", bad, finished, properties.haltShare() * 100)).record();
        return true;
    }

    /** Decides one saga's action; answers whether it acted (false: skipped, with the reason as its result). */
    private boolean act(BulkJob job, Item item) {
        String result;
        Long actionId = null;
        try {
            OperatorActions.Outcome outcome = actions.decide(item.sagaId(),
                    new ActionRequest(job.kind(), null, job.reason(), null), job.requestedBy(), Origin.BULK, job.id(),
                    job.policyId(), false);
            if (outcome.refusal() != null) {
                result = "skipped: " + String.join("; ", outcome.refusal().stream().map(Phrase::english).toList());
            } else if (!outcome.decision().created()) {
                result = "skipped: already acted on by action " + outcome.decision().action().id() + " ("
                        + outcome.decision().action().status() + ")";
            } else {
                actionId = outcome.decision().action().id();
                result = "action " + actionId + " decided";
            }
        } catch (UnknownTargetException e) {
            result = "skipped: " + e.getMessage();
        }
        jdbc.update("UPDATE bulk_job_item SET state = ?, action_id = ?, result = ?, processed_at = now()"
                + " WHERE job_id = ? AND seq = ?", actionId != null ? "ACTED" : "SKIPPED", actionId, result, job.id(),
                item.seq());
        return actionId != null;
    }

    private void finish(BulkJob job, int processed) {
        jdbc.update("UPDATE bulk_job SET status = 'DONE', updated_at = now(), finished_at = now() WHERE id = ?", job.id());
        Integer acted = jdbc.queryForObject("SELECT acted FROM bulk_job WHERE id = ?", Integer.class, job.id());
        audit.entry("opsplane", AuditActions.BULK_FINISHED).bulkJob(job.id()).policy(job.policyId())
                .outcome(processed + " of " + job.total() + " sagas processed, " + acted + " acted on").record();
        synchronized (buckets) {
            buckets.remove(job.id());
        }
        outcomesCounted.remove(job.id());
    }

    /**
     * Tokens available to the job now: its rate times the time since the last fill, holding at most a quarter
     * second's worth, so a slow chunk is caught up on without ever bursting past the rate.
     */
    private int take(BulkJob job) {
        long now = System.nanoTime();
        synchronized (buckets) {
            double[] bucket = buckets.computeIfAbsent(job.id(), id -> new double[] {0, now});
            double seconds = (now - bucket[1]) / 1e9;
            double burst = Math.max(1, job.ratePerSecond() / 4.0) + 1;
            bucket[0] = Math.min(burst, bucket[0] + seconds * job.ratePerSecond());
            bucket[1] = now;
            int taken = (int) Math.min(MAX_CHUNK, Math.floor(bucket[0]));
            bucket[0] -= taken;
            return taken;
        }
    }
}
