package io.opsplane.console.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.opsplane.console.definition.EventMatcher;
import io.opsplane.console.definition.KeyExtractor;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.saga.ApplyResult;
import io.opsplane.console.saga.SagaEventInput;
import io.opsplane.console.saga.SagaStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a batch of records into saga state in one database transaction: recognised events are
 * applied, unreadable records become dead letters, unrecognised ones are counted. Nothing in a
 * batch is lost because of one bad record.
 */
@Service
class SagaIngestor {

    static final String UNKNOWN_TYPE = "(none)";
    /** At most this many search values per event, each at most this long: beyond, a value is no key one types. */
    static final int MAX_SEARCH_VALUES = 50;
    static final int MAX_SEARCH_VALUE_LENGTH = 200;

    private final SagaDefinitions definitions;
    private final SagaStore sagas;
    private final IngestStore store;
    private final TransactionTemplate transaction;
    private final RecordDecoder decoder;
    private final MeterRegistry meters;

    SagaIngestor(SagaDefinitions definitions, SagaStore sagas, IngestStore store, TransactionTemplate transaction,
                 IngestProperties properties, MeterRegistry meters) {
        this.definitions = definitions;
        this.sagas = sagas;
        this.store = store;
        this.transaction = transaction;
        this.meters = meters;
        // every outcome's series from the start, at zero, so a rate over them is never "no data"
        for (String outcome : new String[] {"applied", "duplicate", "dead-letter", "unmatched"}) {
            meters.counter("opsplane.ingest.events", "outcome", outcome);
        }
        this.decoder = new RecordDecoder(JsonMapper.builder().build(), properties.eventIdHeaders(),
                properties.eventIdPointers(), properties.eventTimePointers());
    }

    /** What a batch came to. */
    public record BatchResult(int applied, int duplicates, int deadLetters, int unmatched) {
    }

    BatchResult ingest(List<IncomingRecord> records) {
        long began = System.nanoTime();
        Instant receivedAt = Instant.now();
        List<SagaEventInput> recognised = new ArrayList<>(records.size());
        List<IngestStore.DeadLetter> deadLetters = new ArrayList<>();
        Map<IngestStore.UnmatchedKey, Long> unmatched = new HashMap<>();
        for (IncomingRecord record : records) {
            DecodedEvent event;
            try {
                event = decoder.decode(record);
            } catch (MalformedRecordException e) {
                deadLetters.add(new IngestStore.DeadLetter(record, e.getMessage(), null));
                continue;
            }
            boolean matched = false;
            for (SagaDefinitions.EventMatcherOf candidate : definitions.matchersFor(record.topic())) {
                if (!matches(candidate.matcher(), event)) {
                    continue;
                }
                matched = true;
                SagaDefinition definition = definitions.latest(candidate.sagaType());
                KeyExtractor correlation = candidate.matcher().correlation() != null
                        ? candidate.matcher().correlation() : definition.correlation();
                String correlationKey = extract(correlation, event);
                if (correlationKey == null) {
                    deadLetters.add(new IngestStore.DeadLetter(record, "missing correlation key (" + correlation.describe()
                            + ") for saga " + definition.type() + " event " + candidate.matcher().name(),
                            definition.type()));
                    continue;
                }
                recognised.add(toInput(definition, candidate.matcher().name(), correlationKey, event));
            }
            if (!matched) {
                unmatched.merge(new IngestStore.UnmatchedKey(record.topic(), typeOf(event)), 1L, Long::sum);
            }
        }
        long decoded = System.nanoTime();
        ApplyResult result = transaction.execute(tx -> {
            ApplyResult applied = sagas.apply(recognised, receivedAt);
            for (SagaEventInput withoutRole : applied.withoutRole()) {
                unmatched.merge(new IngestStore.UnmatchedKey(withoutRole.topic(), withoutRole.eventName()), 1L, Long::sum);
            }
            store.saveDeadLetters(deadLetters, receivedAt);
            store.countUnmatched(unmatched, receivedAt);
            store.recordProgress(readUpTo(records), receivedAt);
            return applied;
        });
        long written = System.nanoTime();
        meters.timer("opsplane.ingest.batch", "phase", "decode").record(java.time.Duration.ofNanos(decoded - began));
        meters.timer("opsplane.ingest.batch", "phase", "write").record(java.time.Duration.ofNanos(written - decoded));
        meters.summary("opsplane.ingest.batch.records").record(records.size());
        int unmatchedCount = unmatched.values().stream().mapToInt(Long::intValue).sum();
        meters.counter("opsplane.ingest.events", "outcome", "applied").increment(result.applied());
        meters.counter("opsplane.ingest.events", "outcome", "duplicate").increment(result.duplicates());
        meters.counter("opsplane.ingest.events", "outcome", "dead-letter").increment(deadLetters.size());
        meters.counter("opsplane.ingest.events", "outcome", "unmatched").increment(unmatchedCount);
        return new BatchResult(result.applied(), result.duplicates(), deadLetters.size(), unmatchedCount);
    }

    /** The latest timestamp of each partition's records in the batch; a record without one (-1) tells nothing. */
    private static List<IngestStore.PartitionRead> readUpTo(List<IncomingRecord> records) {
        Map<String, IngestStore.PartitionRead> latest = new HashMap<>();
        for (IncomingRecord record : records) {
            if (record.timestamp().toEpochMilli() < 0) {
                continue;
            }
            latest.merge(record.topic() + "/" + record.partition(),
                    new IngestStore.PartitionRead(record.topic(), record.partition(), record.timestamp()),
                    (a, b) -> a.readUpTo().isAfter(b.readUpTo()) ? a : b);
        }
        return List.copyOf(latest.values());
    }

    private static SagaEventInput toInput(SagaDefinition definition, String eventName, String correlationKey,
                                          DecodedEvent event) {
        Map<String, String> businessKeys = new LinkedHashMap<>();
        definition.businessKeys().forEach((name, extractor) -> {
            String value = extract(extractor, event);
            if (value != null) {
                businessKeys.put(name, value);
            }
        });
        Set<String> searchValues = new LinkedHashSet<>();
        definition.searchKeys().values().forEach(extractor -> searchValues(extractor, event, searchValues));
        IncomingRecord record = event.record();
        // without an id of its own, an event is identified by where it sits in Kafka
        String eventId = event.id() != null ? event.id() : record.coordinates();
        return new SagaEventInput(definition.type(), correlationKey, eventName, eventId, event.time(), event.dataJson(),
                event.trace() == null ? null : event.trace().traceId(),
                event.trace() == null ? null : event.trace().spanId(),
                record.topic(), record.partition(), record.offset(), businessKeys, searchValues);
    }

    static boolean matches(EventMatcher matcher, DecodedEvent event) {
        if (matcher.cloudEventType() != null && !matcher.cloudEventType().equals(event.type())) {
            return false;
        }
        if (matcher.headerName() != null && !matcher.headerValue().equals(event.header(matcher.headerName()))) {
            return false;
        }
        if (matcher.fieldPointer() != null) {
            JsonNode value = event.data().at(matcher.fieldPointer());
            return value.isValueNode() && matcher.fieldValue().equals(value.asString());
        }
        return true;
    }

    static String extract(KeyExtractor extractor, DecodedEvent event) {
        if (extractor.header() != null) {
            String value = event.header(extractor.header());
            return value == null || value.isBlank() ? null : value;
        }
        JsonNode value = event.data().at(extractor.pointer());
        if (!value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }

    /**
     * The values a search key points at, each {@code *} of its pointer standing for every element of an array.
     * Bounded, since payloads are untrusted: an event with ten thousand items must not write ten thousand keys.
     */
    static void searchValues(KeyExtractor extractor, DecodedEvent event, Set<String> into) {
        if (extractor.header() != null) {
            String value = extract(extractor, event);
            if (value != null && value.length() <= MAX_SEARCH_VALUE_LENGTH && into.size() < MAX_SEARCH_VALUES) {
                into.add(value);
            }
            return;
        }
        collect(event.data(), extractor.pointer(), into);
    }

    private static void collect(JsonNode node, String pointer, Set<String> into) {
        int star = pointer.indexOf("/*");
        boolean wildcard = star >= 0 && (pointer.length() == star + 2 || pointer.charAt(star + 2) == '/');
        if (!wildcard) {
            JsonNode value = pointer.isEmpty() ? node : node.at(pointer);
            if (value.isValueNode() && !value.isNull() && !value.asString().isBlank()
                    && value.asString().length() <= MAX_SEARCH_VALUE_LENGTH && into.size() < MAX_SEARCH_VALUES) {
                into.add(value.asString());
            }
            return;
        }
        JsonNode array = star == 0 ? node : node.at(pointer.substring(0, star));
        if (array.isArray()) {
            String rest = pointer.substring(star + 2);
            for (JsonNode element : array) {
                if (into.size() >= MAX_SEARCH_VALUES) {
                    return;
                }
                collect(element, rest, into);
            }
        }
    }

    /** How an unrecognised event is counted: its CloudEvents type, else a conventional type header or field. */
    private static String typeOf(DecodedEvent event) {
        if (event.type() != null) {
            return event.type();
        }
        for (String header : List.of("eventType", "event-type", "type")) {
            if (event.header(header) != null) {
                return event.header(header);
            }
        }
        for (String pointer : List.of("/eventType", "/type", "/event")) {
            JsonNode value = event.data().at(pointer);
            if (value.isString()) {
                return value.asString();
            }
        }
        return UNKNOWN_TYPE;
    }
}
