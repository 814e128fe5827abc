package io.opsplane.console.telemetry.es;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.http.entity.ContentType;
import io.opsplane.console.telemetry.TelemetryBusyException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes documents with Elasticsearch's {@code _bulk} API, synchronously for the caller, so that
 * "accepted" means "written" and nothing waits in memory: what is on its way at once is bounded by
 * {@code opsplane.elasticsearch.max-in-flight-bytes}, and past that the caller is told to come back
 * later ({@link TelemetryBusyException}; a refusal of the whole
 * request is mapped as every call to {@link Elasticsearch} is) instead of being queued.
 */
@Component
public class BulkIndexer {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What {@link #outcome} reads of the answer; every item keeps its status, so a refusal's position still holds. */
    private static final String ANSWER_FIELDS = "errors,items.*.status,items.*.error";

    /** A document for {@code index}; with a null {@code id} Elasticsearch picks one. {@code source} is JSON. */
    public record Document(String index, String id, byte[] source) {
    }

    /**
     * What a bulk write came to: documents refused by Elasticsearch are counted with the first reason, and each
     * refusal told by the document's position in the request.
     */
    public record Outcome(int written, int rejected, String firstError, List<Failure> failures) {

        public Outcome {
            failures = List.copyOf(failures);
        }

        Outcome(int written, int rejected, String firstError) {
            this(written, rejected, firstError, List.of());
        }
    }

    /**
     * A document Elasticsearch refused: its position in the request, the error type and reason, and the HTTP
     * status (400 for a document it cannot index as it is, 429 when overloaded).
     */
    public record Failure(int position, int status, String type, String reason) {

        @Override
        public String toString() {
            return type + ": " + reason;
        }
    }

    private final Elasticsearch elasticsearch;
    private final IndexTemplates templates;
    private final Semaphore inFlightKib;
    private final int maxKib;
    private final MeterRegistry meters;

    BulkIndexer(Elasticsearch elasticsearch, IndexTemplates templates, ElasticsearchProperties properties, MeterRegistry meters) {
        this.elasticsearch = elasticsearch;
        this.templates = templates;
        this.maxKib = (int) Math.max(1, properties.maxInFlightBytes() >> 10);
        this.inFlightKib = new Semaphore(maxKib);
        this.meters = meters;
    }

    public Outcome index(List<Document> documents) {
        if (documents.isEmpty()) {
            return new Outcome(0, 0, null);
        }
        templates.ensureInstalled();
        byte[] body = ndjson(documents);
        // a single request larger than the whole allowance still goes, alone
        int kib = Math.min(maxKib, Math.max(1, body.length >> 10));
        if (!inFlightKib.tryAcquire(kib)) {
            meters.counter("opsplane.telemetry.bulk", "outcome", "busy").increment();
            throw new TelemetryBusyException("Elasticsearch is behind: " + (maxKib >> 10)
                    + " MiB already on their way; retry later", Elasticsearch.BUSY_RETRY);
        }
        try {
            // each item's status and error only: the rest of a 512-document answer is 100 KB nobody reads
            NodeClient.Answer answer = elasticsearch.perform(new NodeClient.Request("POST", "/_bulk")
                    .parameter("filter_path", ANSWER_FIELDS).body(body, NDJSON), "the bulk write");
            Outcome outcome;
            try {
                outcome = outcome(new ByteArrayInputStream(answer.body()), documents.size());
            } catch (IOException | JacksonException e) {
                throw Elasticsearch.unreachable(e);
            }
            meters.counter("opsplane.telemetry.bulk.documents", "outcome", "written").increment(outcome.written());
            meters.counter("opsplane.telemetry.bulk.documents", "outcome", "rejected").increment(outcome.rejected());
            if (outcome.written() == 0 && outcome.firstError() != null
                    // es_rejected_execution_exception, or OpenSearch's opensearch_rejected_execution_exception
                    && outcome.firstError().contains("rejected_execution_exception:")) {
                throw new TelemetryBusyException("Elasticsearch refused the write as overloaded: "
                        + outcome.firstError(), Elasticsearch.BUSY_RETRY);
            }
            return outcome;
        } finally {
            inFlightKib.release(kib);
        }
    }

    private static byte[] ndjson(List<Document> documents) {
        int size = 0;
        for (Document d : documents) {
            size += d.source().length + 64;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        // the documents of a request go to a few indices: each one's action line is written once
        Map<String, byte[]> actions = new HashMap<>();
        for (Document d : documents) {
            out.writeBytes(d.id() == null ? actions.computeIfAbsent(d.index(), index -> action(index, null))
                    : action(d.index(), d.id()));
            out.writeBytes(d.source());
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static byte[] action(String index, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator action = JSON.createGenerator(out)) {
            action.writeStartObject();
            action.writeName("index");
            action.writeStartObject();
            action.writeStringProperty("_index", index);
            if (id != null) {
                action.writeStringProperty("_id", id);
            }
            action.writeEndObject();
            action.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Reads the bulk response as a stream, one item at a time: it is as long as the request has documents. */
    private static Outcome outcome(InputStream body, int sent) throws IOException {
        try (InputStream in = body; JsonParser parser = JSON.createParser(in)) {
            List<Failure> failures = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.PROPERTY_NAME || parser.streamReadContext().getNestingDepth() != 1) {
                    continue;
                }
                String name = parser.currentName();
                if (name.equals("errors")) {
                    if (parser.nextToken() != JsonToken.VALUE_TRUE) {
                        return new Outcome(sent, 0, null);
                    }
                } else if (name.equals("items") && parser.nextToken() == JsonToken.START_ARRAY) {
                    int position = 0;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        // read in place: the rest of the response follows, which readTree would refuse
                        JsonNode item = JSON.readerFor(JsonNode.class)
                                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(parser);
                        JsonNode result = item.properties().iterator().hasNext()
                                ? item.properties().iterator().next().getValue() : item;
                        JsonNode error = result.path("error");
                        if (!error.isMissingNode() && !error.isNull()) {
                            failures.add(new Failure(position, result.path("status").asInt(400),
                                    error.path("type").asString(), error.path("reason").asString()));
                        }
                        position++;
                    }
                } else {
                    parser.nextToken();
                    parser.skipChildren();
                }
            }
            return new Outcome(sent - failures.size(), failures.size(),
                    failures.isEmpty() ? null : failures.getFirst().toString(), failures);
        }
    }
}
