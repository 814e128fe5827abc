package io.opsplane.console.compensation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.opsplane.console.compensation.audit.AuditActions;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.support.PollingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds. Each pass claims due rows with {@code FOR UPDATE SKIP LOCKED} (so the relays of
 * several console instances share the work and never send the same row at once), sends them, and marks them
 * sent in the same transaction. A crash before the decision commits leaves nothing to send; a crash after it
 * leaves the row for the next relay. Only a crash between the broker's acknowledgement and this commit can send
 * a command twice, with the same idempotency key, which the owning service uses to ignore the repeat.
 *
 * <p>A confirmed command is never given up because its destination is away: a failure that may pass (the broker
 * unreachable, a timeout, HTTP 408/425/429/5xx, a refused connection) keeps it queued, retried with capped
 * exponential backoff and jitter, and its item says since when it waits and why. Only a definitive refusal (another
 * HTTP 4xx, a URL no longer allowed) fails it.
 */
@Component
class OutboxRelay extends PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaCommands kafka;
    private final HttpCommands http;
    private final ActionStore store;
    private final AuditLog audit;
    private final CompensationProperties properties;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaCommands kafka, HttpCommands http,
                ActionStore store, AuditLog audit, CompensationProperties properties) {
        super("opsplane-outbox-relay", 1, false);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.http = http;
        this.store = store;
        this.audit = audit;
        this.properties = properties;
    }

    @Override
    protected boolean enabled() {
        return properties.relay().enabled();
    }

    @Override
    protected Duration interval() {
        return properties.relay().interval();
    }

    /** A full batch means more rows may be due: the next pass starts at once. */
    @Override
    protected boolean pass() {
        return relayOnce() >= properties.relay().batchSize();
    }

    /** One pass: claims due rows, sends them, records the results; answers how many rows it claimed. */
    int relayOnce() {
        Integer claimed = transaction.execute(tx -> {
            List<OutboxRow> rows = jdbc.query("""
                    SELECT id, action_id, seq, idempotency_key, topic, url, record_key, envelope, attempts
                    FROM command_outbox
                    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED""", (rs, n) -> new OutboxRow(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)),
                    properties.relay().batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            List<OutboxRow> toKafka = rows.stream().filter(r -> r.topic() != null).toList();
            List<SendResult> kafkaResults = toKafka.isEmpty() ? List.of() : kafka.send(toKafka);
            List<OutboxRow> sent = new ArrayList<>();
            for (int i = 0; i < toKafka.size(); i++) {
                record(toKafka.get(i), kafkaResults.get(i), sent);
            }
            for (OutboxRow row : rows) {
                if (row.topic() == null) {
                    record(row, http.send(row), sent);
                }
            }
            markSent(sent);
            return rows.size();
        });
        return claimed == null ? 0 : claimed;
    }

    private void record(OutboxRow row, SendResult result, List<OutboxRow> sent) {
        if (result.sent()) {
            sent.add(row);
            return;
        }
        int attempts = row.attempts() + 1;
        if (result.retryable()) {
            Duration backoff = jittered(backoff(attempts));
            jdbc.update("UPDATE command_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                    attempts, result.error(), Timestamp.from(Instant.now().plus(backoff)), row.id());
            // what the operator sees on the action while it waits: since when, how often tried, why
            jdbc.update("""
                    UPDATE operator_action_item i
                       SET error = 'not delivered yet, waiting for ' || ? || ' since ' || to_char(o.created_at AT TIME ZONE 'UTC',
                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' (' || ? || ' attempts): ' || ?
                      FROM command_outbox o
                     WHERE o.id = ? AND i.action_id = ? AND i.seq = ? AND i.state = 'QUEUED'""",
                    destination(row), String.valueOf(attempts), result.error(), row.id(), row.actionId(), row.seq());
            log.warn("Command {} not delivered (attempt {}), trying again in {}: {}", row.idempotencyKey(), attempts,
                    backoff, result.error());
            return;
        }
        String why = "refused by its destination (attempt " + attempts + "): " + result.error();
        jdbc.update("UPDATE command_outbox SET attempts = ?, last_error = ?, failed_at = now() WHERE id = ?",
                attempts, result.error(), row.id());
        jdbc.update("UPDATE operator_action_item SET state = 'FAILED', error = ? WHERE action_id = ? AND seq = ?",
                why, row.actionId(), row.seq());
        OperatorAction action = store.find(row.actionId()).orElseThrow();
        String outcome = action.items().get(row.seq() - 1).commandType() + " " + why;
        store.finish(row.actionId(), ActionStatus.FAILED, outcome, Instant.now());
        audit.entry("opsplane", AuditActions.ACTION_FAILED).saga(action.sagaId(), action.sagaType())
                .action(action.id()).bulkJob(action.bulkJobId()).policy(action.policyId())
                .outcome(outcome).record();
    }

    /** Whom the command waits for, as the person on call would name it: Kafka, or the HTTP destination's host. */
    private static String destination(OutboxRow row) {
        if (row.topic() != null) {
            return "Kafka";
        }
        String host = java.net.URI.create(row.url()).getHost();
        return host == null ? row.url() : host;
    }

    /** Within a fifth either way, so commands that failed together do not all come back at the same instant. */
    private static Duration jittered(Duration backoff) {
        return Duration.ofMillis(Math.round(backoff.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    /** Exponential: the initial backoff doubled per attempt, up to the maximum. */
    Duration backoff(int attempts) {
        Duration initial = properties.send().initialBackoff();
        Duration max = properties.send().maxBackoff();
        long millis = initial.toMillis() << Math.min(attempts - 1, 20);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    private void markSent(List<OutboxRow> sent) {
        if (sent.isEmpty()) {
            return;
        }
        Long[] ids = sent.stream().map(OutboxRow::id).toArray(Long[]::new);
        Long[] actions = sent.stream().map(OutboxRow::actionId).toArray(Long[]::new);
        Integer[] seqs = sent.stream().map(OutboxRow::seq).toArray(Integer[]::new);
        jdbc.update(con -> {
            // clock_timestamp(), not now(): the moment the broker or service acknowledged, not when this pass began
            var ps = con.prepareStatement("UPDATE command_outbox SET sent_at = clock_timestamp(), attempts = attempts + 1"
                    + " WHERE id = ANY (?)");
            ps.setArray(1, con.createArrayOf("int8", ids));
            return ps;
        });
        // the outcome is awaited from now on: the deadline counts from the moment the command left
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    UPDATE operator_action_item i SET state = 'SENT', sent_at = clock_timestamp(), error = NULL,
                           deadline = clock_timestamp() + i.timeout_ms * interval '1 millisecond'
                    FROM unnest(?::bigint[], ?::int[]) AS u(action_id, seq)
                    WHERE i.action_id = u.action_id AND i.seq = u.seq AND i.state = 'QUEUED'""");
            ps.setArray(1, con.createArrayOf("int8", actions));
            ps.setArray(2, con.createArrayOf("int4", seqs));
            return ps;
        });
    }
}
