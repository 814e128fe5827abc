package io.opsplane.console.saga;

import java.util.List;

/**
 * What one batch did: events newly applied, events already known (duplicates), and events whose
 * instance's definition version gives them no role.
 */
public record ApplyResult(int applied, int duplicates, List<SagaEventInput> withoutRole) {
}
