package io.opsplane.console.saga;

import java.util.List;

/** Counts for an overview: by type and status, and the stuck ones by reason, by responsible service and by step. */
public record SagaCounts(List<ByTypeAndStatus> byTypeAndStatus, List<ByValue> stuckByReason,
                         List<ByValue> stuckByService, List<ByTypeAndStep> stuckByStep) {

    /** Stuck sagas of one type at one step (null: waiting on no step). */
    public record ByTypeAndStep(String type, String step, long count) {
    }

    public record ByTypeAndStatus(String type, SagaStatus status, long count) {
    }

    public record ByValue(String value, long count) {
    }

    /** Stuck sagas of one type at one step, for one reason, waiting on one service (step and service may be null). */
    public record Stuck(String type, String step, StuckReason reason, String service, long count) {
    }
}
