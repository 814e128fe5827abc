package io.opsplane.console.compensation.bulk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.Origin;
import io.opsplane.console.text.Phrase;

/**
 * A bulk action: the sagas its filter selected when it was created ({@code total}), how many were processed,
 * acted on or skipped, and the actions' statuses so far ({@code actions}: status → count).
 */
public record BulkJob(long id, ActionKind kind, SagaSelection filter, String reason, String requestedBy, Origin origin,
                      Long policyId, BulkJobStatus status, int total, int canarySize, int ratePerSecond,
                      int processed, int acted, int skipped, String approvedBy, Instant createdAt, Instant updatedAt,
                      Instant finishedAt, Map<String, Long> actions) {

    /**
     * Why the canary's results do not show that going on is safe (empty: they do): it acted on no saga, or one of its
     * actions failed, was not verified, or has not finished yet.
     */
    public List<Phrase> canaryProblems() {
        List<Phrase> problems = new ArrayList<>();
        if (acted == 0) {
            problems.add(Phrase.of("bulk.problem.canaryIdle", skipped));
        }
        long failed = actions.getOrDefault("FAILED", 0L);
        long unverified = actions.getOrDefault("UNVERIFIED", 0L);
        long open = actions.getOrDefault("IN_PROGRESS", 0L) + actions.getOrDefault("PENDING_APPROVAL", 0L);
        if (failed > 0) {
            problems.add(Phrase.of("bulk.problem.canaryFailed", failed));
        }
        if (unverified > 0) {
            problems.add(Phrase.of("bulk.problem.canaryUnverified", unverified));
        }
        if (open > 0) {
            problems.add(Phrase.of("bulk.problem.canaryOpen", open));
        }
        return problems;
    }

    /** The actions' statuses in words, "8 verified, 1 unverified, 1 failed"; "no action yet" when there are none. */
    public Phrase actionsInWords() {
        if (actions.isEmpty()) {
            return Phrase.of("bulk.actions.none");
        }
        return Phrase.joined("list.separator", actions.entrySet().stream()
                .map(e -> Phrase.of("bulk.actions.count", e.getValue(), Phrase.of("status." + e.getKey()))).toList());
    }

    /** Processed share, 0 to 1. */
    public double progress() {
        return total == 0 ? 1.0 : (double) processed / total;
    }
}
