package io.opsplane.console.ingest;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ingestion settings. Plain JSON events carry their id and time in fields whose names vary by team: the first
 * header, then the first pointer, that holds a value is used; without one, the record's coordinates and timestamp
 * are. Debezium's outbox event router puts the event id in the {@code id} header, and the payload's own
 * {@code id} is then the aggregate's, so the header comes first.
 */
@ConfigurationProperties("opsplane.ingest")
public record IngestProperties(List<String> eventIdHeaders, List<String> eventIdPointers,
                               List<String> eventTimePointers) {

    public IngestProperties {
        eventIdHeaders = eventIdHeaders == null ? List.of("id") : eventIdHeaders;
        eventIdPointers = eventIdPointers == null ? List.of("/eventId", "/id", "/event_id") : eventIdPointers;
        eventTimePointers = eventTimePointers == null
                ? List.of("/eventTime", "/occurredAt", "/timestamp", "/time") : eventTimePointers;
    }
}
