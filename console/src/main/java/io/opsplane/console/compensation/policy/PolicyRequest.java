package io.opsplane.console.compensation.policy;

/** A policy to create: {@code minStuck} as 15m, 2h or PT15M; {@code stuckReason} and {@code step} optional. */
public record PolicyRequest(String name, String sagaType, String stuckReason, String step, String minStuck,
                            Integer maxPerHour, Boolean enabled, String reason) {
}
