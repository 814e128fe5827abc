package io.opsplane.console.telemetry.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

/** Where the receiver's log records go. Throws {@link io.opsplane.console.telemetry.TelemetryUnavailableException} to make the exporter retry. */
public interface OtlpLogSink {

    ExportOutcome export(ExportLogsServiceRequest request);
}
