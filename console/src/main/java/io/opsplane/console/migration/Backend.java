package io.opsplane.console.migration;

import java.util.List;

/**
 * One service serving a route over the window: its share of the route's requests, how they fared, its requests
 * per time bucket, and what became of the sagas its requests started.
 *
 * @param sagasSeen      sagas whose events carry one of the sampled traces of these requests
 * @param sagasCompleted how many of those completed
 * @param sagaCompletion the share of the sagas seen that completed, or null when none were seen
 */
public record Backend(String service, boolean legacy, long requests, double share, long errors, double errorRatio,
                      double p95Millis, List<Long> perBucket, int sagasSeen, int sagasCompleted,
                      Double sagaCompletion) {

    public Backend {
        perBucket = List.copyOf(perBucket);
    }

    Backend(String service, boolean legacy, long requests, double share, long errors, double errorRatio,
            double p95Millis, List<Long> perBucket, int sagasSeen, int sagasCompleted) {
        this(service, legacy, requests, share, errors, errorRatio, p95Millis, perBucket, sagasSeen, sagasCompleted,
                sagasSeen == 0 ? null : (double) sagasCompleted / sagasSeen);
    }
}
