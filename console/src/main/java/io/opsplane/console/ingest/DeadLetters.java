package io.opsplane.console.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Records that could not be read as saga events, newest first. */
@Service
public class DeadLetters {

    public static final int MAX_PAGE = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;

    DeadLetters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A dead letter; the value is given as text when it is UTF-8, and always as base64, byte for byte. */
    public record DeadLetter(long id, String topic, int partition, long offset, String reason, String sagaType,
                             Instant receivedAt, Map<String, String> headers, String keyText, String valueText,
                             String valueBase64) {
    }

    /** {@code next} is the {@code before} of the following page, or null on the last one. */
    public record Page(List<DeadLetter> items, Long next) {
    }

    /** The newest first; {@code before} is the next value of a previous page. */
    public Page page(Long before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", not " + limit);
        }
        List<DeadLetter> rows = jdbc.query("""
                SELECT id, topic, kafka_partition, kafka_offset, reason, saga_type, received_at, headers::text,
                       record_key, raw_value
                FROM dead_letter WHERE id < ? ORDER BY id DESC LIMIT ?""",
                (rs, n) -> new DeadLetter(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                        JSON.readValue(rs.getString(8), STRING_MAP), utf8(rs.getBytes(9)), utf8(rs.getBytes(10)),
                        rs.getBytes(10) == null ? null : Base64.getEncoder().encodeToString(rs.getBytes(10))),
                before == null ? Long.MAX_VALUE : before, limit + 1);
        Long next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = rows.getLast().id();
        }
        return new Page(List.copyOf(rows), next);
    }

    /** How many dead letters were received before {@code cutoff}: what retention would remove. */
    public long countOlder(Instant cutoff) {
        return jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE received_at < ?", Long.class,
                java.sql.Timestamp.from(cutoff));
    }

    /** Deletes up to {@code limit} dead letters received before {@code cutoff}, oldest first; answers how many. */
    public int purgeOlder(Instant cutoff, int limit) {
        return jdbc.update("""
                DELETE FROM dead_letter WHERE id IN (
                    SELECT id FROM dead_letter WHERE received_at < ? ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED)""",
                java.sql.Timestamp.from(cutoff), limit);
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
