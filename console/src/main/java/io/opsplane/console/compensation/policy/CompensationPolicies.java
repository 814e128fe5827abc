package io.opsplane.console.compensation.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.ActionRequest;
import io.opsplane.console.compensation.CompensationSettings;
import io.opsplane.console.compensation.OperatorActions;
import io.opsplane.console.compensation.Origin;
import io.opsplane.console.compensation.UnknownTargetException;
import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.compensation.bulk.BulkJobs;
import io.opsplane.console.compensation.bulk.BulkRequest;
import io.opsplane.console.compensation.bulk.SagaSelection;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaPage;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.text.InvalidInputException;
import io.opsplane.console.text.Phrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automatic compensation. Each run (one console instance per interval) looks, per enabled policy, for the
 * sagas it matches that no policy action has touched yet; up to the approval threshold it compensates them
 * directly, within the policy's hourly limit; above it, it creates one bulk job that waits for an operator's
 * approval. Nothing runs while the kill switch is on.
 */
@Service
public class CompensationPolicies {

    private static final Logger log = LoggerFactory.getLogger(CompensationPolicies.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Sagas one run looks at per policy: a backlog larger than this is the bulk job's, not a run's, to handle. */
    private static final int MAX_CANDIDATES = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SagaQueries sagas;
    private final SagaDefinitions definitions;
    private final OperatorActions actions;
    private final BulkJobs bulkJobs;
    private final CompensationSettings settings;
    private final AuditLog audit;

    CompensationPolicies(JdbcTemplate jdbc, TransactionTemplate transaction, SagaQueries sagas,
                         SagaDefinitions definitions, OperatorActions actions, BulkJobs bulkJobs,
                         CompensationSettings settings, AuditLog audit) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.sagas = sagas;
        this.definitions = definitions;
        this.actions = actions;
        this.bulkJobs = bulkJobs;
        this.settings = settings;
        this.audit = audit;
    }

    public List<CompensationPolicy> list() {
        return jdbc.query("SELECT * FROM compensation_policy ORDER BY name", ROW);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public CompensationPolicy create(PolicyRequest request, String actor) {
        if (request.name() == null || request.name().isBlank()) {
            throw new InvalidInputException(Phrase.of("policy.input.name"));
        }
        if (request.sagaType() == null || definitions.latest(request.sagaType()) == null) {
            throw new InvalidInputException(Phrase.of("policy.input.sagaType", String.valueOf(request.sagaType())));
        }
        StuckReason reason = null;
        if (request.stuckReason() != null && !request.stuckReason().isBlank()) {
            try {
                reason = StuckReason.valueOf(request.stuckReason().trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(Phrase.of("policy.input.stuckReason",
                        java.util.Arrays.toString(StuckReason.values())));
            }
        }
        String step = request.step() == null || request.step().isBlank() ? null : request.step().trim();
        if (step != null && definitions.latest(request.sagaType()).step(step) == null) {
            throw new InvalidInputException(Phrase.of("action.problem.noSuchStep", request.sagaType(), step));
        }
        Duration minStuck;
        try {
            minStuck = DurationStyle.detectAndParse(request.minStuck() == null ? "" : request.minStuck().trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Phrase.of("policy.input.minStuck", String.valueOf(request.minStuck())));
        }
        if (minStuck.isNegative() || minStuck.isZero()) {
            throw new InvalidInputException(Phrase.of("policy.input.minStuck.positive"));
        }
        int maxPerHour = request.maxPerHour() == null ? 60 : request.maxPerHour();
        if (maxPerHour < 1) {
            throw new InvalidInputException(Phrase.of("policy.input.maxPerHour"));
        }
        StuckReason stuckReason = reason;
        return transaction.execute(tx -> {
            long id = jdbc.queryForObject("""
                    INSERT INTO compensation_policy (name, saga_type, stuck_reason, step, min_stuck_ms, max_per_hour, enabled,
                                                     created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()) RETURNING id""", Long.class, request.name().trim(),
                    request.sagaType(), stuckReason == null ? null : stuckReason.name(), step, minStuck.toMillis(),
                    maxPerHour, request.enabled() == null || request.enabled(), actor);
            CompensationPolicy policy = find(id);
            audit.entry(actor, AuditActions.POLICY_CREATED).policy(id).reason(request.reason())
                    .details(JSON.valueToTree(policy)).outcome(describe(policy)).record();
            return policy;
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void delete(long id, String actor, String reason) {
        transaction.executeWithoutResult(tx -> {
            CompensationPolicy policy = find(id);
            jdbc.update("DELETE FROM compensation_policy WHERE id = ?", id);
            audit.entry(actor, AuditActions.POLICY_DELETED).policy(id).reason(reason).details(JSON.valueToTree(policy))
                    .outcome("deleted: " + describe(policy)).record();
        });
    }

    private CompensationPolicy find(long id) {
        return jdbc.query("SELECT * FROM compensation_policy WHERE id = ?", ROW, id).stream().findFirst()
                .orElseThrow(() -> new UnknownTargetException("no policy with id " + id));
    }

    public static String describe(CompensationPolicy p) {
        return p.sagaType() + " stuck" + (p.stuckReason() == null ? "" : " (" + p.stuckReason() + ")")
                + (p.step() == null ? "" : " on " + p.step()) + " for " + p.minStuck().toString().substring(2)
                .toLowerCase(java.util.Locale.ROOT) + " → compensate, at most " + p.maxPerHour() + "/h";
    }

    /** One run of every enabled policy; answers how many actions were decided. */
    public int run(Instant now) {
        if (settings.current().killSwitch()) {
            return 0;
        }
        int decided = 0;
        for (CompensationPolicy policy : list()) {
            if (policy.enabled()) {
                try {
                    decided += run(policy, now);
                } catch (RuntimeException e) {
                    log.warn("Policy {} failed this run: {}", policy.name(), e.toString());
                }
            }
        }
        return decided;
    }

    private int run(CompensationPolicy policy, Instant now) {
        List<Long> candidates = candidates(policy, now);
        if (candidates.isEmpty()) {
            return 0;
        }
        String actor = "policy:" + policy.name();
        String reason = "policy " + policy.name() + ": " + describe(policy);
        if (settings.current().needsApproval(candidates.size())) {
            if (!bulkJobs.hasOpenJob(policy.id())) {
                bulkJobs.create(new BulkRequest(null, ActionKind.COMPENSATE, reason, null, null, null),
                        SagaSelection.of(filter(policy)), candidates, actor, Origin.POLICY, policy.id());
            }
            return 0;
        }
        int budget = policy.maxPerHour() - actions.countByPolicySince(policy.id(), now.minus(Duration.ofHours(1)));
        int decided = 0;
        for (Long sagaId : candidates.subList(0, Math.max(0, Math.min(budget, candidates.size())))) {
            OperatorActions.Outcome outcome = transaction.execute(tx -> actions.decide(sagaId,
                    new ActionRequest(ActionKind.COMPENSATE, null, reason, null), actor, Origin.POLICY, null,
                    policy.id(), false));
            decided += outcome.decision() != null && outcome.decision().created() ? 1 : 0;
        }
        return decided;
    }

    /** Sagas the policy matches now that no action of it has touched, oldest first. */
    private List<Long> candidates(CompensationPolicy policy, Instant now) {
        SagaFilter filter = filter(policy);
        List<Long> ids = new ArrayList<>();
        String after = null;
        do {
            SagaPage page = sagas.list(filter, after, SagaQueries.MAX_PAGE, now);
            for (SagaSummary saga : page.items()) {
                if (policy.step() == null || policy.step().equals(saga.currentStep())) {
                    ids.add(saga.id());
                }
            }
            after = page.next();
        } while (after != null && ids.size() < MAX_CANDIDATES);
        if (ids.isEmpty()) {
            return ids;
        }
        Set<Long> touched = actions.touchedByPolicyOrBusy(ids, policy.id());
        touched.addAll(bulkJobs.inJobsOfPolicy(ids, policy.id()));
        List<Long> fresh = new ArrayList<>(ids.stream().filter(id -> !touched.contains(id)).toList());
        return fresh.reversed();
    }

    private static SagaFilter filter(CompensationPolicy policy) {
        return new SagaFilter(policy.sagaType(), SagaStatus.STUCK, policy.stuckReason(), null, null, null, null, null,
                null, null, null, policy.minStuck());
    }

    private static final RowMapper<CompensationPolicy> ROW = (rs, n) -> new CompensationPolicy(rs.getLong("id"),
            rs.getString("name"), rs.getString("saga_type"),
            rs.getString("stuck_reason") == null ? null : StuckReason.valueOf(rs.getString("stuck_reason")),
            rs.getString("step"), Duration.ofMillis(rs.getLong("min_stuck_ms")), rs.getInt("max_per_hour"),
            rs.getBoolean("enabled"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
}
