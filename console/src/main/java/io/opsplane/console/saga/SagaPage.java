package io.opsplane.console.saga;

import java.util.List;

/** A page of sagas; {@code next} is the cursor of the following page, or null on the last one. */
public record SagaPage(List<SagaSummary> items, String next) {
}
