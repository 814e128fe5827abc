package io.opsplane.console.telemetry.trace.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opsplane.console.telemetry.es.BulkIndexer;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes received spans as Jaeger span documents into the day's span index, and each new
 * service/operation pair once into the day's service index under Jaeger's id for it, so Jaeger
 * Query and Opsplane read the same data.
 */
@Component
class JaegerSpanWriter implements OtlpTraceSink {

    /** Service/operation documents known to be written; bounded like Jaeger's cache, oldest forgotten first. */
    private static final int SEEN_OPERATIONS = 10_000;

    private final BulkIndexer bulk;
    private final JaegerIndices indices;
    private final SpanDocuments.TagFields tagFields;
    private final Map<String, Boolean> seenOperations = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_OPERATIONS;
        }
    };

    /** A service's operation on the day of the service index it belongs in. */
    private record Operation(String index, String service, String name) {
    }

    JaegerSpanWriter(BulkIndexer bulk, JaegerIndices indices, TraceSettings settings) {
        this.bulk = bulk;
        this.indices = indices;
        this.tagFields = SpanDocuments.TagFields.of(settings.tagsAsFields ? settings.dotReplacement : null,
                settings.tagsAsFieldsKeys);
    }

    @Override
    public ExportOutcome export(ExportTraceServiceRequest request) {
        OtlpSpans.Converted converted = OtlpSpans.convert(request);
        return write(converted.spans(), converted.rejected(), converted.firstError());
    }

    ExportOutcome write(List<TraceSpan> spans, int rejectedBefore, String errorBefore) {
        List<BulkIndexer.Document> documents = new ArrayList<>(spans.size() + 8);
        Set<String> newOperations = new LinkedHashSet<>();
        int partlyIndexed = 0;
        SpanDocuments.Batch batch = new SpanDocuments.Batch(tagFields);
        for (TraceSpan span : spans) {
            SpanDocuments.Written doc = batch.json(span);
            if (doc.partlyIndexed()) {
                partlyIndexed++;
            }
            documents.add(new BulkIndexer.Document(indices.spanIndex(span.startMicros()), null, doc.json()));
        }
        int spanDocuments = documents.size();
        // a batch names a few operations many times over: each is hashed and looked up once
        Set<Operation> operations = new LinkedHashSet<>();
        for (TraceSpan span : spans) {
            operations.add(new Operation(indices.serviceIndex(span.startMicros()), span.process().serviceName(),
                    span.operationName()));
        }
        for (Operation operation : operations) {
            String id = serviceOperationId(operation.service(), operation.name());
            String key = operation.index() + "/" + id;
            if (!seen(key) && newOperations.add(key)) {
                ObjectNode service = SpanDocuments.JSON.createObjectNode();
                service.put("serviceName", operation.service());
                service.put("operationName", operation.name());
                documents.add(new BulkIndexer.Document(operation.index(), id,
                        SpanDocuments.JSON.writeValueAsBytes(service)));
            }
        }
        BulkIndexer.Outcome outcome = bulk.index(documents);
        List<String> notes = new ArrayList<>();
        int rejected = 0;
        String firstRefusal = null;
        if (outcome.rejected() > 0) {
            // a span Elasticsearch cannot index as it is (a mapping it refuses, a limit) is stored unindexed instead
            List<BulkIndexer.Document> again = new ArrayList<>();
            List<BulkIndexer.Failure> retried = new ArrayList<>();
            for (BulkIndexer.Failure failure : outcome.failures()) {
                if (failure.position() < spanDocuments && storableUnindexed(failure)) {
                    TraceSpan span = spans.get(failure.position());
                    again.add(new BulkIndexer.Document(indices.spanIndex(span.startMicros()), null,
                            SpanDocuments.unindexed(span, failure.toString())));
                    retried.add(failure);
                } else if (failure.position() < spanDocuments) {
                    rejected++;
                    firstRefusal = firstRefusal == null ? failure.toString() : firstRefusal;
                }
            }
            if (!again.isEmpty()) {
                BulkIndexer.Outcome second = bulk.index(again);
                rejected += second.rejected();
                if (second.rejected() > 0 && firstRefusal == null) {
                    firstRefusal = second.firstError();
                }
                int stored = again.size() - second.rejected();
                if (stored > 0) {
                    notes.add(stored + " span(s) stored with none of their tags searchable, as Elasticsearch refused "
                            + "to index them: " + retried.getFirst());
                }
            }
        }
        if (outcome.rejected() == 0) {
            synchronized (seenOperations) {
                newOperations.forEach(k -> seenOperations.put(k, Boolean.TRUE));
            }
        }
        if (partlyIndexed > 0) {
            notes.add(partlyIndexed + " span(s) have more than " + SpanDocuments.MAX_NESTED
                    + " tags; those beyond are stored but not searchable");
        }
        if (errorBefore != null) {
            notes.addFirst(errorBefore);
        }
        if (firstRefusal != null) {
            notes.add((errorBefore != null ? "Elasticsearch refused some: " : "") + firstRefusal);
        }
        long total = rejectedBefore + rejected;
        if (total == 0 && notes.isEmpty()) {
            return ExportOutcome.ACCEPTED;
        }
        return new ExportOutcome(total, notes.isEmpty() ? null : String.join("; ", notes));
    }

    /**
     * Whether the document was refused for what it holds, so that without its tags indexed it would be taken: not
     * when Elasticsearch is overloaded or the index itself cannot be written.
     */
    private static boolean storableUnindexed(BulkIndexer.Failure failure) {
        return failure.status() == 400 && !failure.type().equals("index_closed_exception")
                && !failure.type().equals("cluster_block_exception");
    }

    private boolean seen(String key) {
        synchronized (seenOperations) {
            return seenOperations.get(key) != null;
        }
    }

    /** Jaeger's document id for a service/operation pair: FNV-1a 64 of the two names, in hex. */
    static String serviceOperationId(String service, String operation) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (service + operation).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return Long.toUnsignedString(hash, 16);
    }
}
