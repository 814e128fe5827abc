package io.opsplane.console.saga;

import java.util.List;

/** Counts for an overview: by type and status, and the stuck ones by reason and by responsible service. */
public record SagaCounts(List<ByTypeAndStatus> byTypeAndStatus, List<ByValue> stuckByReason,
                         List<ByValue> stuckByService) {

    public record ByTypeAndStatus(String type, SagaStatus status, long count) {
    }

    public record ByValue(String value, long count) {
    }
}
