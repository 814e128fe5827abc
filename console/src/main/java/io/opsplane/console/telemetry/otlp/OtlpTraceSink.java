package io.opsplane.console.telemetry.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Where the receiver's spans go. Throws {@link io.opsplane.console.telemetry.TelemetryUnavailableException} to make the exporter retry. */
public interface OtlpTraceSink {

    ExportOutcome export(ExportTraceServiceRequest request);
}
