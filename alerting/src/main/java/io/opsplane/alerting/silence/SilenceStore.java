package io.opsplane.alerting.silence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsplane.alerting.web.AlertingProblems;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Silences in PostgreSQL, shared by every console instance. Expired silences stay listed as history. */
@Component
public class SilenceStore {

    /** Published when a silence was created, changed or expired: muted alerts may be due to be told. */
    public record SilencesChanged(UUID id) {
    }

    /** Free text people write: capped, as the console caps reasons. */
    static final int MAX_COMMENT = 2_000;

    /** What a client sends to create or change a silence; who does it is not the client's to say. */
    public record SilenceInput(List<Matcher> matchers, Instant startsAt, Instant endsAt, String comment) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Matcher>> MATCHERS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SilenceStore(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Silences in force at {@code now}. */
    public List<Silence> active(Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.query("SELECT * FROM silence WHERE starts_at <= ? AND ends_at > ?", this::row, at, at);
    }

    /** The ids of the silences in {@code active} that mute {@code labels}. */
    public static List<UUID> muting(List<Silence> active, Map<String, String> labels) {
        return active.stream().filter(s -> s.mutes(labels)).map(Silence::id).toList();
    }

    public List<Silence> list(Silence.State state) {
        return jdbc.query("SELECT * FROM silence ORDER BY ends_at DESC, id", this::row).stream()
                .filter(s -> state == null || s.state() == state).toList();
    }

    public Optional<Silence> find(UUID id) {
        return jdbc.query("SELECT * FROM silence WHERE id = ?", this::row, id).stream().findFirst();
    }

    /** Creates a silence; {@code author} is the signed-in user who asks for it. */
    public Silence create(SilenceInput input, String author) {
        Instant now = clock.instant();
        Instant startsAt = input.startsAt() == null ? now : input.startsAt();
        validate(input, author, startsAt, now);
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO silence (id, matchers, starts_at, ends_at, created_by, comment, updated_at)
                VALUES (?, ?::jsonb, ?, ?, ?, ?, ?)""", id, JSON.writeValueAsString(input.matchers()),
                Timestamp.from(startsAt), Timestamp.from(input.endsAt()), author.trim(),
                input.comment().trim(), Timestamp.from(now));
        events.publishEvent(new SilencesChanged(id));
        return find(id).orElseThrow();
    }

    /** Changes a pending or active silence; {@code author}, who changed it, becomes its creator. */
    public Silence update(UUID id, SilenceInput input, String author) {
        Silence existing = find(id).orElseThrow(() -> new AlertingProblems.NotFound("no silence with id " + id));
        Instant now = clock.instant();
        if (existing.state() == Silence.State.EXPIRED) {
            throw new AlertingProblems.Conflict("silence " + id + " has expired; create a new one");
        }
        Instant startsAt = input.startsAt() == null ? existing.startsAt() : input.startsAt();
        validate(input, author, startsAt, now);
        jdbc.update("""
                UPDATE silence SET matchers = ?::jsonb, starts_at = ?, ends_at = ?, created_by = ?, comment = ?,
                    updated_at = ? WHERE id = ?""", JSON.writeValueAsString(input.matchers()),
                Timestamp.from(startsAt), Timestamp.from(input.endsAt()), author.trim(),
                input.comment().trim(), Timestamp.from(now), id);
        events.publishEvent(new SilencesChanged(id));
        return find(id).orElseThrow();
    }

    /** Ends the silence now; an expired silence stays as it is. */
    public Silence expire(UUID id) {
        Silence existing = find(id).orElseThrow(() -> new AlertingProblems.NotFound("no silence with id " + id));
        if (existing.state() != Silence.State.EXPIRED) {
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("UPDATE silence SET ends_at = ?, starts_at = least(starts_at, ?), updated_at = ? WHERE id = ?",
                    now, now, now, id);
            events.publishEvent(new SilencesChanged(id));
        }
        return find(id).orElseThrow();
    }

    private static void validate(SilenceInput input, String author, Instant startsAt, Instant now) {
        if (input.matchers() == null || input.matchers().isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (input.matchers().stream().allMatch(Matcher::matchesEmpty)) {
            throw new IllegalArgumentException("these matchers would silence every alert; "
                    + "at least one must need a label value, e.g. saga_type=\"order-placement\"");
        }
        if (input.endsAt() == null) {
            throw new IllegalArgumentException("a silence needs endsAt");
        }
        if (!input.endsAt().isAfter(startsAt) || !input.endsAt().isAfter(now)) {
            throw new IllegalArgumentException("endsAt must be after startsAt and in the future");
        }
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("a silence needs an author: who is silencing");
        }
        if (input.comment() == null || input.comment().isBlank()) {
            throw new IllegalArgumentException("a silence needs a comment: why");
        }
        if (input.comment().trim().length() > MAX_COMMENT) {
            throw new IllegalArgumentException("'comment' must be at most " + MAX_COMMENT + " characters");
        }
    }

    private Silence row(ResultSet rs, int n) throws SQLException {
        Instant startsAt = rs.getTimestamp("starts_at").toInstant();
        Instant endsAt = rs.getTimestamp("ends_at").toInstant();
        return new Silence((UUID) rs.getObject("id"), JSON.readValue(rs.getString("matchers"), MATCHERS), startsAt,
                endsAt, rs.getString("created_by"), rs.getString("comment"), rs.getTimestamp("updated_at").toInstant(),
                Silence.stateAt(startsAt, endsAt, clock.instant()));
    }
}
