package io.opsplane.alerting.delivery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opsplane.alerting.config.AlertingProperties.Receiver;
import io.opsplane.alerting.config.AlertingProperties;
import io.opsplane.alerting.notify.Receivers;
import io.opsplane.alerting.notify.StandardWebhooks;
import io.opsplane.alerting.notify.UrlGuard;
import io.opsplane.support.PollingWorker;
import io.opsplane.support.outbound.PinnedHttpClient;
import io.opsplane.support.outbound.RefusedAddressException;
import io.opsplane.support.outbound.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds. Each worker claims the oldest due delivery that heads its group with
 * {@code FOR UPDATE SKIP LOCKED} and keeps the row locked while it sends, so across any number of
 * console instances a delivery is sent by one worker at a time and a group's deliveries go in order.
 * A crash between sending and committing leaves the delivery pending: the receiver may see it again,
 * with the same {@code webhook-id}.
 */
@Component
class DeliveryWorker extends PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final String SENDER = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Receivers receivers;
    private final PinnedHttpClient http;
    private final Clock clock;
    private final AlertingProperties.Delivery settings;

    /** {@code opsplane_alert_deliveries_total{receiver, outcome}}: every attempt, by what came of it. */
    static final String DELIVERIES = "opsplane.alert.deliveries";
    static final List<String> OUTCOMES = List.of("delivered", "retrying", "failed");

    private final MeterRegistry meters;

    DeliveryWorker(JdbcTemplate jdbc, TransactionTemplate transaction, Receivers receivers, PinnedHttpClient http,
                   Clock clock, AlertingProperties properties, ObjectProvider<MeterRegistry> meters) {
        // stopping interrupts a send in flight: the row stays claimed by nobody and is sent again later
        super("alert-delivery", properties.delivery().workers(), true);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.receivers = receivers;
        this.http = http;
        this.clock = clock;
        this.settings = properties.delivery();
        // a host without metrics still runs alerting; the counts then go nowhere
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        // every configured receiver's series from the start, at zero, so a rate over them is never "no data"
        receivers.all().forEach(receiver -> OUTCOMES.forEach(outcome -> counter(receiver.name(), outcome)));
    }

    private Counter counter(String receiver, String outcome) {
        return Counter.builder(DELIVERIES).tag("receiver", receiver).tag("outcome", outcome)
                .description("alert delivery attempts by receiver and what came of them").register(meters);
    }

    @Override
    protected Duration interval() {
        return settings.pollInterval();
    }

    @Override
    protected boolean pass() {
        return Boolean.TRUE.equals(transaction.execute(tx -> sendNext()));
    }

    private record Claimed(long id, String receiver, String webhookId, String body, int attempts) {
    }

    /** Claims, sends and records one delivery; false when none was due. */
    private boolean sendNext() {
        Instant now = clock.instant();
        List<Claimed> claimed = jdbc.query("""
                SELECT d.id, d.receiver, d.webhook_id, d.body, d.attempts FROM alert_delivery d
                WHERE d.status = 'pending' AND d.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM alert_delivery e WHERE e.status = 'pending'
                                  AND e.receiver = d.receiver AND e.group_key = d.group_key AND e.id < d.id)
                ORDER BY d.next_attempt_at, d.id
                LIMIT 1
                FOR UPDATE SKIP LOCKED""", (rs, n) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getInt(5)), Timestamp.from(now));
        if (claimed.isEmpty()) {
            return false;
        }
        Claimed delivery = claimed.getFirst();
        Receiver receiver = receivers.find(delivery.receiver()).orElse(null);
        Outcome outcome = receiver == null
                ? Outcome.permanent(null, "receiver '" + delivery.receiver() + "' is no longer configured")
                : send(receiver, delivery);
        record(delivery, outcome);
        return true;
    }

    /** {@code retryAfter}: how long the receiver asked to be left alone (429/503 Retry-After), or null. */
    private record Outcome(Integer status, String error, boolean delivered, boolean retry, double millis,
                           Duration retryAfter) {
        static Outcome permanent(Integer status, String error) {
            return new Outcome(status, error, false, false, 0, null);
        }
    }

    private Outcome send(Receiver receiver, Claimed delivery) {
        URI url = receivers.url(receiver);
        try {
            // the name's addresses are vetted as the client resolves them for the connection, once
            receivers.guard().checkStatically(url);
        } catch (UrlGuard.RefusedUrlException e) {
            return Outcome.permanent(null, "refused: " + e.getMessage());
        }
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Opsplane-Alerting/1");
        headers.put("webhook-id", delivery.webhookId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        if (receiver.secret() != null) {
            headers.put("webhook-signature", StandardWebhooks.sign(receiver.secret(), delivery.webhookId(), timestamp, body));
        }
        long began = System.nanoTime();
        try {
            PinnedHttpClient.Response response = http.post(url, headers, body, receiver.timeout());
            double millis = (System.nanoTime() - began) / 1e6;
            int status = response.status();
            if (status >= 200 && status < 300) {
                return new Outcome(status, null, true, false, millis, null);
            }
            // as Alertmanager, and as the command outbox: 5xx, 408, 425 and 429 are worth retrying, for as long as
            // it takes; any other answer will not change
            boolean retry = status >= 500 || status == 408 || status == 425 || status == 429;
            // Slack and PagerDuty rate-limit with 429 + Retry-After; retrying sooner only prolongs the limit
            Duration retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(response.header("Retry-After"), clock.instant(), settings.maxRetryAfter())
                    .orElse(null) : null;
            return new Outcome(status, "answered HTTP " + status
                    + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)"), false, retry,
                    millis, retryAfter);
        } catch (RefusedAddressException e) {
            return Outcome.permanent(null, "refused: " + e.getMessage());
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // stopping: roll back, so the delivery stays as it was and no attempt is recorded
                throw new IllegalStateException("stopping", e);
            }
            // the exception text names the host at most, never the path or query (which may hold a token)
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()), false, true, (System.nanoTime() - began) / 1e6, null);
        }
    }

    private void record(Claimed delivery, Outcome outcome) {
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO alert_delivery_attempt (delivery_id, attempted_at, status_code, error, duration_ms, sent_by)
                VALUES (?, ?, ?, ?, ?, ?)""", delivery.id(), Timestamp.from(now), outcome.status(), outcome.error(),
                outcome.millis(), SENDER);
        int attempts = delivery.attempts() + 1;
        // counted once the attempt is recorded: one rolled back (stopping) was no attempt. A receiver no longer
        // configured is counted under its old name; names come from the configuration, so they stay few.
        String counted = outcome.delivered() ? "delivered" : outcome.retry() ? "retrying" : "failed";
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter(delivery.receiver(), counted).increment();
            }
        });
        if (outcome.delivered()) {
            jdbc.update("""
                    UPDATE alert_delivery SET status = 'delivered', attempts = ?, delivered_at = ?, last_status = ?,
                        last_error = NULL WHERE id = ?""", attempts, Timestamp.from(now), outcome.status(), delivery.id());
        } else if (outcome.retry()) {
            Instant next = now.plus(delay(attempts, outcome.retryAfter()));
            jdbc.update("""
                    UPDATE alert_delivery SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?
                    WHERE id = ?""", attempts, Timestamp.from(next), outcome.status(), outcome.error(), delivery.id());
            if (attempts == 1 || attempts % 10 == 0) {
                log.warn("Delivery {} to receiver '{}' failed ({}), attempt {}; retrying", delivery.id(),
                        delivery.receiver(), outcome.error(), attempts);
            }
        } else {
            jdbc.update("""
                    UPDATE alert_delivery SET status = 'failed', attempts = ?, last_status = ?, last_error = ?
                    WHERE id = ?""", attempts, outcome.status(), outcome.error(), delivery.id());
            log.error("Delivery {} to receiver '{}' given up: {}", delivery.id(), delivery.receiver(), outcome.error());
        }
    }

    /** The backoff, or the receiver's Retry-After (already capped) when that is longer. */
    Duration delay(int attempts, Duration retryAfter) {
        Duration backoff = backoff(attempts);
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    /** Exponential backoff with jitter: between half and all of min·2^(attempts-1), at most the maximum. */
    Duration backoff(int attempts) {
        long min = settings.minBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long ceiling = Math.min(max, min * (1L << Math.min(attempts - 1, 30)));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

}
