package io.opsplane.console.telemetry.otlp;

/**
 * What an export came to: how many spans or log records were refused, and why (OTLP's partial
 * success). Nothing refused is {@code ExportOutcome.ACCEPTED}.
 */
public record ExportOutcome(long rejected, String errorMessage) {

    public static final ExportOutcome ACCEPTED = new ExportOutcome(0, null);
}
