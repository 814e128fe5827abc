package io.opsplane.console.telemetry.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opsplane.console.telemetry.es.BulkIndexer;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpLogSink;
import org.springframework.stereotype.Component;

/**
 * OTLP logs into Elasticsearch as the Collector's exporter writes them in its {@code otel} mode, so
 * that a small set-up needs no Collector and a bigger one can add it later without a change of
 * format. Records that cannot be written are reported back as OTLP's partial success.
 */
@Component
record OtlpLogWriter(BulkIndexer indexer, LogIndices indices) implements OtlpLogSink {

    @Override
    public ExportOutcome export(ExportLogsServiceRequest request) {
        List<BulkIndexer.Document> documents = new ArrayList<>();
        int invalid = 0;
        String firstInvalid = null;
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    try {
                        byte[] source = OtelLogDocument.encode(resourceLogs.getResource(),
                                resourceLogs.getSchemaUrl(), scopeLogs.getScope(), scopeLogs.getSchemaUrl(), record);
                        long nanos = OtelLogDocument.timestampNanos(record);
                        String index = indices.writeIndex(Instant.ofEpochSecond(0, nanos));
                        documents.add(new BulkIndexer.Document(index, null, source));
                    } catch (OtelLogDocument.InvalidRecordException e) {
                        invalid++;
                        firstInvalid = firstInvalid == null ? e.getMessage() : firstInvalid;
                    }
                }
            }
        }
        BulkIndexer.Outcome outcome = indexer.index(documents);
        long rejected = invalid + outcome.rejected();
        if (rejected == 0) {
            return ExportOutcome.ACCEPTED;
        }
        String message = firstInvalid != null ? firstInvalid : "Elasticsearch refused a log record: "
                + outcome.firstError();
        return new ExportOutcome(rejected, rejected + " of " + (documents.size() + invalid)
                + " log records not written; first: " + message);
    }
}
