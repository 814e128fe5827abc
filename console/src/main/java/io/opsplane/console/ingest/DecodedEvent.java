package io.opsplane.console.ingest;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * An event read from a record, whatever its envelope. {@code type} is the CloudEvents type, or
 * null for plain JSON; {@code data} is the business payload that pointers are resolved against.
 */
record DecodedEvent(IncomingRecord record, String id, String type, Instant time, JsonNode data, String dataJson,
                    TraceContext trace) {

    String header(String name) {
        return record.headers().get(name);
    }
}
