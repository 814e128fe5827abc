package io.opsplane.console.telemetry.es;

/**
 * A composable index template a telemetry feature needs ({@code PUT _index_template/{name}} with
 * {@code body}); declared as a bean, installed by {@link IndexTemplates} when missing.
 */
public record IndexTemplate(String name, String body) {
}
