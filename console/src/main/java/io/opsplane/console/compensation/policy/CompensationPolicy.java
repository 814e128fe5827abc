package io.opsplane.console.compensation.policy;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.console.saga.StuckReason;

/**
 * An automatic compensation rule: sagas of {@code sagaType} stuck for {@code stuckReason} (any when null) on
 * {@code step} (any when null) for at least {@code minStuck} are compensated, at most {@code maxPerHour} an hour.
 * Each saga is compensated by a policy at most once.
 */
public record CompensationPolicy(long id, String name, String sagaType, StuckReason stuckReason, String step,
                                 Duration minStuck, int maxPerHour, boolean enabled, String createdBy,
                                 Instant createdAt) {
}
