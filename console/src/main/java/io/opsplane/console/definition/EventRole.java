package io.opsplane.console.definition;

/** The meaning of a named event in one definition version; {@code step} is null for saga-level events. */
public record EventRole(EventKind kind, StepDefinition step) {
}
