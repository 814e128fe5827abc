package io.opsplane.console.compensation.bulk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.ActionRefusedException;
import io.opsplane.console.compensation.Approvers;
import io.opsplane.console.compensation.CompensationProperties;
import io.opsplane.console.compensation.CompensationSettings;
import io.opsplane.console.compensation.Origin;
import io.opsplane.console.compensation.UnknownTargetException;
import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.text.InvalidInputException;
import io.opsplane.console.text.Phrase;
import io.opsplane.console.web.FreeText;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk actions: the count first, then a durable job over exactly the sagas the filter selected at creation,
 * kept with each saga's result in PostgreSQL; a canary batch, a pause for review, a rate, pause/resume/cancel,
 * and approval by a second operator above the threshold. {@link BulkWorker} drives the jobs.
 */
@Service
public class BulkJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SagaQueries sagas;
    private final CompensationSettings settings;
    private final AuditLog audit;
    private final CompensationProperties.Bulk properties;

    private final Approvers approvers;

    BulkJobs(JdbcTemplate jdbc, TransactionTemplate transaction, SagaQueries sagas, CompensationSettings settings,
             AuditLog audit, CompensationProperties properties, Approvers approvers) {
        this.jdbc = jdbc;
        this.approvers = approvers;
        this.transaction = transaction;
        this.sagas = sagas;
        this.settings = settings;
        this.audit = audit;
        this.properties = properties.bulk();
    }

    /** How many sagas the filter selects now (counted exactly up to the job limit). */
    public long count(SagaSelection selection) {
        return sagas.countUpTo(selection.toFilter(), Instant.now(), properties.maxSagas());
    }

    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob create(BulkRequest request, String actor) {
        if (request.filter() == null) {
            throw new IllegalArgumentException("filter is required (an empty filter {} selects every saga)");
        }
        return create(request, request.filter().toFilter(), actor, Origin.MANUAL, null);
    }

    /**
     * Creates a job over the sagas {@code filter} selects now: the selection is frozen then. During an incident the
     * count keeps moving between counting and creating; the job is not refused for that, it holds the sagas of that
     * moment, and those that match later are offered as an addition ({@link #additions}).
     */
    public BulkJob create(BulkRequest request, SagaFilter filter, String actor, Origin origin, Long policyId) {
        validate(request);
        return create(request, SagaSelection.of(filter), select(filter), actor, origin, policyId);
    }

    /**
     * The sagas the job's filter selects now that neither it nor another unfinished job holds: those that came to
     * match after it was made, and that no job is acting on yet.
     */
    public List<Long> additions(long jobId) {
        BulkJob job = find(jobId).orElseThrow(() -> new UnknownTargetException("no bulk job with id " + jobId));
        Set<Long> held = new HashSet<>(jdbc.queryForList("""
                SELECT i.saga_id FROM bulk_job_item i JOIN bulk_job j ON j.id = i.job_id
                WHERE i.job_id = ? OR j.status NOT IN ('DONE', 'CANCELLED', 'REJECTED')""", Long.class, jobId));
        return select(job.filter().toFilter()).stream().filter(id -> !held.contains(id)).toList();
    }

    /**
     * A new job, like {@code jobId} (action, reason, canary, rate), over its {@link #additions}: the incident grew, and
     * the operator acts on the newcomers without touching the job already running.
     */
    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob addTo(long jobId, String actor) {
        BulkJob job = find(jobId).orElseThrow(() -> new UnknownTargetException("no bulk job with id " + jobId));
        String reason = "in addition to bulk job " + jobId + ": " + job.reason();
        if (reason.length() > FreeText.MAX) {
            reason = reason.substring(0, FreeText.MAX);
        }
        List<Long> ids = additions(jobId);
        if (ids.isEmpty()) {
            throw new ActionRefusedException(Phrase.of("bulk.problem.noAdditions", String.valueOf(jobId)));
        }
        return create(new BulkRequest(job.filter(), job.kind(), reason, job.canarySize(), job.ratePerSecond(), null),
                job.filter(), ids, actor, Origin.MANUAL, null);
    }

    /** Creates a job over the given sagas, which {@code selection} describes; a policy passes itself as origin. */
    public BulkJob create(BulkRequest request, SagaSelection selection, List<Long> ids, String actor, Origin origin,
                          Long policyId) {
        validate(request);
        if (ids.isEmpty()) {
            throw new ActionRefusedException(Phrase.of("bulk.problem.selectsNone"));
        }
        int canary = request.canarySize() != null ? request.canarySize() : properties.defaultCanarySize();
        int rate = request.ratePerSecond() != null ? request.ratePerSecond() : properties.defaultRatePerSecond();
        boolean needsApproval = settings.current().needsApproval(ids.size());
        BulkJobStatus status = needsApproval ? BulkJobStatus.PENDING_APPROVAL
                : canary > 0 ? BulkJobStatus.CANARY : BulkJobStatus.RUNNING;
        return transaction.execute(tx -> {
            Instant now = Instant.now();
            long id = jdbc.queryForObject("""
                    INSERT INTO bulk_job (kind, filter, reason, requested_by, origin, policy_id, status, total, canary_size,
                                          rate_per_second, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class, request.kind().name(),
                    JSON.writeValueAsString(selection), request.reason().trim(), actor, origin.name(), policyId,
                    status.name(), ids.size(), canary, rate, Timestamp.from(now), Timestamp.from(now));
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                        INSERT INTO bulk_job_item (job_id, seq, saga_id, state)
                        SELECT ?, n, s, 'PENDING' FROM unnest(?::bigint[]) WITH ORDINALITY AS u(s, n)""");
                ps.setLong(1, id);
                ps.setArray(2, con.createArrayOf("int8", ids.toArray()));
                return ps;
            });
            audit.entry(actor, AuditActions.BULK_CREATED).bulkJob(id).policy(policyId).reason(request.reason().trim())
                    .details(JSON.valueToTree(counted(request, Map.of("filter", selection, "kind", request.kind().name(),
                            "total", ids.size(), "canarySize", canary, "ratePerSecond", rate))))
                    .outcome(needsApproval ? ids.size() + " sagas; awaiting approval by " + approvers.besides(actor)
                            .inWords().english()
                            : ids.size() + " sagas; " + (canary > 0 ? "canary of " + canary + " first" : "running"))
                    .record();
            return find(id).orElseThrow();
        });
    }

    /** The audit details, with the count the operator saw before creating where it was passed. */
    private static Map<String, Object> counted(BulkRequest request, Map<String, Object> details) {
        if (request.expectedCount() == null) {
            return details;
        }
        Map<String, Object> withCount = new LinkedHashMap<>(details);
        withCount.put("countedBefore", request.expectedCount());
        return withCount;
    }

    private void validate(BulkRequest request) {
        if (request.kind() == null) {
            throw new InvalidInputException(Phrase.of("action.input.kind"));
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw new InvalidInputException(Phrase.of("bulk.input.reason"));
        }
        FreeText.limited("reason", request.reason());
        if (request.canarySize() != null && request.canarySize() < 0) {
            throw new InvalidInputException(Phrase.of("bulk.input.canarySize", String.valueOf(request.canarySize())));
        }
        if (request.ratePerSecond() != null && (request.ratePerSecond() < 1
                || request.ratePerSecond() > properties.maxRatePerSecond())) {
            throw new InvalidInputException(Phrase.of("bulk.input.rate", String.valueOf(properties.maxRatePerSecond()),
                    String.valueOf(request.ratePerSecond())));
        }
    }

    /** The saga ids the filter selects, oldest first, through the list's keyset pages. */
    /** Whether a job the policy created has not ended yet (so a second one is not created beside it). */
    public boolean hasOpenJob(long policyId) {
        Integer open = jdbc.queryForObject("SELECT count(*) FROM bulk_job WHERE policy_id = ? AND status NOT IN"
                + " ('DONE', 'CANCELLED', 'REJECTED')", Integer.class, policyId);
        return open != null && open > 0;
    }

    /** Of {@code sagaIds}, those in any job the policy created. */
    public Set<Long> inJobsOfPolicy(Collection<Long> sagaIds, long policyId) {
        return new HashSet<>(jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT i.saga_id FROM bulk_job_item i JOIN bulk_job j ON j.id = i.job_id
                    WHERE j.policy_id = ? AND i.saga_id = ANY (?)""");
            ps.setLong(1, policyId);
            ps.setArray(2, con.createArrayOf("int8", sagaIds.toArray()));
            return ps;
        }, (rs, n) -> rs.getLong(1)));
    }

    /** Oldest first, as an operator expects a backlog to be worked through. */
    private List<Long> select(SagaFilter filter) {
        List<Long> ids = sagas.idsOldestFirst(filter, Instant.now(), properties.maxSagas());
        if (ids.size() > properties.maxSagas()) {
            throw new ActionRefusedException(Phrase.of("bulk.problem.tooMany", String.valueOf(properties.maxSagas())));
        }
        return ids;
    }

    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob approve(long id, String approver) {
        return change(id, approver, null, List.of(BulkJobStatus.PENDING_APPROVAL), AuditActions.BULK_APPROVED, job -> {
            if (job.requestedBy().equals(approver)) {
                throw new ActionRefusedException(Phrase.of("bulk.problem.fourEyes", String.valueOf(id), approver));
            }
            jdbc.update("UPDATE bulk_job SET approved_by = ? WHERE id = ?", approver, id);
            return job.canarySize() > 0 ? BulkJobStatus.CANARY : BulkJobStatus.RUNNING;
        });
    }

    /**
     * Break-glass: the requester (or any operator) goes on without a second one, where the policy allows it
     * ({@code opsplane.compensation.bulk.break-glass}). Needs a reason; audited, and so told to every receiver of
     * operator actions.
     */
    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob breakGlass(long id, String actor, String reason) {
        if (!properties.breakGlass()) {
            throw new ActionRefusedException(Phrase.of("bulk.problem.breakGlassOff", String.valueOf(id)));
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException(Phrase.of("bulk.input.breakGlassReason"));
        }
        return change(id, actor, reason.trim(), List.of(BulkJobStatus.PENDING_APPROVAL), AuditActions.BULK_BREAK_GLASS,
                job -> {
                    jdbc.update("UPDATE bulk_job SET approved_by = ? WHERE id = ?", actor + " (break-glass)", id);
                    return job.canarySize() > 0 ? BulkJobStatus.CANARY : BulkJobStatus.RUNNING;
                });
    }

    /** Who may approve the job: anyone with OPERATOR but its requester. */
    public Approvers.WhoMayApprove approvers(BulkJob job) {
        return approvers.besides(job.requestedBy());
    }

    public boolean breakGlassAllowed() {
        return properties.breakGlass();
    }

    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob reject(long id, String approver, String reason) {
        return change(id, approver, reason, List.of(BulkJobStatus.PENDING_APPROVAL), AuditActions.BULK_REJECTED, job -> {
            if (job.requestedBy().equals(approver)) {
                throw new ActionRefusedException(Phrase.of("bulk.problem.fourEyes", String.valueOf(id), approver));
            }
            jdbc.update("UPDATE bulk_job SET approved_by = ? WHERE id = ?", approver, id);
            cancelPending(id);
            return BulkJobStatus.REJECTED;
        });
    }

    /**
     * Goes on after the canary review or a pause. A canary that acted on nothing, or whose actions failed, were not
     * verified or have not finished, does not let the job go on: it is looked into, or the job cancelled.
     */
    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob resume(long id, String actor) {
        return change(id, actor, null, List.of(BulkJobStatus.REVIEW, BulkJobStatus.PAUSED), AuditActions.BULK_RESUMED,
                job -> {
                    if (job.status() == BulkJobStatus.REVIEW) {
                        List<Phrase> problems = find(id).orElseThrow().canaryProblems();
                        if (!problems.isEmpty()) {
                            throw new ActionRefusedException(Phrase.of("bulk.problem.canaryBlocks", String.valueOf(id),
                                    Phrase.joined("list.semicolon", problems)));
                        }
                    }
                    return job.processed() < job.canarySize() ? BulkJobStatus.CANARY : BulkJobStatus.RUNNING;
                });
    }

    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob pause(long id, String actor) {
        return change(id, actor, null, List.of(BulkJobStatus.CANARY, BulkJobStatus.RUNNING), AuditActions.BULK_PAUSED,
                job -> BulkJobStatus.PAUSED);
    }

    /** Stops the job for good; the sagas not reached yet are marked CANCELLED. Actions already decided go on. */
    @PreAuthorize("hasRole('OPERATOR')")
    public BulkJob cancel(long id, String actor, String reason) {
        return change(id, actor, reason, List.of(BulkJobStatus.PENDING_APPROVAL, BulkJobStatus.CANARY,
                BulkJobStatus.REVIEW, BulkJobStatus.RUNNING, BulkJobStatus.PAUSED), AuditActions.BULK_CANCELLED, job -> {
                    cancelPending(id);
                    return BulkJobStatus.CANCELLED;
                });
    }

    private void cancelPending(long id) {
        jdbc.update("UPDATE bulk_job_item SET state = 'CANCELLED', result = 'job ended before this saga was reached',"
                + " processed_at = now() WHERE job_id = ? AND state = 'PENDING'", id);
    }

    private BulkJob change(long id, String actor, String reason, List<BulkJobStatus> from, String auditAction,
                           java.util.function.Function<BulkJob, BulkJobStatus> to) {
        return transaction.execute(tx -> {
            // waits for the worker's chunk in progress, which holds the row
            FreeText.limited("reason", reason);
            BulkJob job = jdbc.query("SELECT * FROM bulk_job WHERE id = ? FOR UPDATE", (rs, n) -> job(rs, Map.of()), id)
                    .stream().findFirst().orElseThrow(() -> new UnknownTargetException("no bulk job with id " + id));
            if (!from.contains(job.status())) {
                throw new ActionRefusedException(Phrase.of("bulk.problem.wrongStatus", String.valueOf(id),
                        job.status().name(), from.stream().map(Enum::name).toList().toString()));
            }
            BulkJobStatus next = to.apply(job);
            jdbc.update("UPDATE bulk_job SET status = ?, updated_at = now(), finished_at = CASE WHEN ? THEN now() END"
                    + " WHERE id = ?", next.name(), next.finished(), id);
            audit.entry(actor, auditAction).bulkJob(id).policy(job.policyId()).reason(reason)
                    .outcome(job.status() + " → " + next + " after " + job.processed() + " of " + job.total()).record();
            return find(id).orElseThrow();
        });
    }

    public Optional<BulkJob> find(long id) {
        Map<String, Long> actions = new LinkedHashMap<>();
        jdbc.query("SELECT status, count(*) FROM operator_action WHERE bulk_job_id = ? GROUP BY 1 ORDER BY 1",
                rs -> { actions.put(rs.getString(1), rs.getLong(2)); }, id);
        return jdbc.query("SELECT * FROM bulk_job WHERE id = ?", (rs, n) -> job(rs, actions), id).stream().findFirst();
    }

    public List<BulkJob> list(int limit) {
        return jdbc.query("SELECT * FROM bulk_job ORDER BY id DESC LIMIT ?", (rs, n) -> job(rs, Map.of()), limit);
    }

    public List<BulkJob> pendingApproval() {
        return jdbc.query("SELECT * FROM bulk_job WHERE status = 'PENDING_APPROVAL' ORDER BY id",
                (rs, n) -> job(rs, Map.of()));
    }

    /** Per-saga results in selection order, after {@code afterSeq}. */
    public List<BulkItem> items(long id, int afterSeq, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, not " + limit);
        }
        return jdbc.query("""
                SELECT i.seq, i.saga_id, i.state, i.action_id, a.status, coalesce(a.outcome, i.result) AS result,
                       i.processed_at
                FROM bulk_job_item i LEFT JOIN operator_action a ON a.id = i.action_id
                WHERE i.job_id = ? AND i.seq > ? ORDER BY i.seq LIMIT ?""", (rs, n) -> new BulkItem(rs.getInt(1),
                rs.getLong(2), rs.getString(3), (Long) rs.getObject(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()), id, afterSeq, limit);
    }

    static BulkJob job(ResultSet rs, Map<String, Long> actions) throws SQLException {
        return new BulkJob(rs.getLong("id"), ActionKind.valueOf(rs.getString("kind")),
                JSON.readValue(rs.getString("filter"), SagaSelection.class), rs.getString("reason"),
                rs.getString("requested_by"), Origin.valueOf(rs.getString("origin")), (Long) rs.getObject("policy_id"),
                BulkJobStatus.valueOf(rs.getString("status")), rs.getInt("total"), rs.getInt("canary_size"),
                rs.getInt("rate_per_second"), rs.getInt("processed"), rs.getInt("acted"), rs.getInt("skipped"),
                rs.getString("approved_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(), actions);
    }

    static final RowMapper<BulkJob> ROW = (rs, n) -> job(rs, Map.of());
}
