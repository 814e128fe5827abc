package io.opsplane.console.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api")
@Tag(name = "Ingestion", description = "Records that were not applied to any saga")
class IngestController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;

    IngestController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A dead letter; the value is given as text when it is UTF-8, and always as base64, byte for byte. */
    record DeadLetterView(long id, String topic, int partition, long offset, String reason, String sagaType,
                          Instant receivedAt, Map<String, String> headers, String keyText, String valueText,
                          String valueBase64) {
    }

    record DeadLetterPage(List<DeadLetterView> items, Long next) {
    }

    record UnmatchedView(String topic, String eventType, long count, Instant firstSeen, Instant lastSeen) {
    }

    @GetMapping("/dead-letters")
    @Operation(summary = "Dead letters, newest first; 'before' is the next value of the previous page")
    DeadLetterPage deadLetters(@RequestParam(required = false) Long before,
                               @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, not " + limit);
        }
        List<DeadLetterView> rows = jdbc.query("""
                SELECT id, topic, kafka_partition, kafka_offset, reason, saga_type, received_at, headers::text,
                       record_key, raw_value
                FROM dead_letter WHERE id < ? ORDER BY id DESC LIMIT ?""",
                (rs, n) -> new DeadLetterView(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                        JSON.readValue(rs.getString(8), STRING_MAP), utf8(rs.getBytes(9)), utf8(rs.getBytes(10)),
                        rs.getBytes(10) == null ? null : Base64.getEncoder().encodeToString(rs.getBytes(10))),
                before == null ? Long.MAX_VALUE : before, limit + 1);
        Long next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = rows.getLast().id();
        }
        return new DeadLetterPage(List.copyOf(rows), next);
    }

    @GetMapping("/unmatched-events")
    @Operation(summary = "Events on watched topics that no saga definition recognises, counted by topic and type")
    List<UnmatchedView> unmatched() {
        return jdbc.query("SELECT topic, event_type, count, first_seen, last_seen FROM unmatched_event ORDER BY count DESC, topic, event_type",
                (rs, n) -> new UnmatchedView(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
