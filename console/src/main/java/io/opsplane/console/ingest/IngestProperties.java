package io.opsplane.console.ingest;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ingestion settings. Plain JSON events carry their id and time in fields whose names vary by team:
 * the first pointer that holds a value is used; without one, the record's coordinates and timestamp are.
 */
@ConfigurationProperties("opsplane.ingest")
public record IngestProperties(List<String> eventIdPointers, List<String> eventTimePointers) {

    public IngestProperties {
        eventIdPointers = eventIdPointers == null ? List.of("/eventId", "/id", "/event_id") : eventIdPointers;
        eventTimePointers = eventTimePointers == null
                ? List.of("/eventTime", "/occurredAt", "/timestamp", "/time") : eventTimePointers;
    }
}
