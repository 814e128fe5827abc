package io.opsplane.console.compensation.audit;

/**
 * Published (as a Spring application event) once the transaction that recorded {@code entry} has committed, one
 * per audit entry: what alerting's webhooks for operator actions listen to. Never published for a decision
 * that was rolled back.
 */
public record OperatorActionRecorded(AuditEntry entry) {
}
