package io.opsplane.console.saga;

import java.time.Instant;

/**
 * Sagas that started, completed, and ended compensated (the business transaction failed and was
 * rolled back) within {@code [from, to)}.
 */
public record SagaActivity(Instant from, Instant to, long started, long completed, long compensated) {
}
