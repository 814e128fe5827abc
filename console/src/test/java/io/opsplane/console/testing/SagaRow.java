package io.opsplane.console.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One saga written straight into {@code saga_instance}, as ingestion would have left it: how tests that show or
 * count sagas (views, alert rules, retention) get the sagas they need without sending their events. An
 * {@code order-placement} saga unless said otherwise; its times are before the database's {@code now()}.
 */
public final class SagaRow {

    private static final String INSERT = """
            INSERT INTO saga_instance (saga_type, definition_version, correlation_key, business_keys, trace_ids,
                status, current_step, next_event, responsible_service, stuck_reason, stuck_since, started_at,
                last_progress_at, step_deadline, ended_at, progress)
            VALUES (?, 1, ?, ?::jsonb, ?::text[], ?, ?, ?, ?, ?, now() - ?::interval, now() - ?::interval,
                now() - ?::interval, now() - ?::interval, now() - ?::interval, '{}')
            RETURNING id""";

    private final String status;
    private final String correlationKey;
    private String type = "order-placement";
    private String businessKeys = "{}";
    private final List<String> traceIds = new ArrayList<>();
    private String step;
    private String nextEvent;
    private String service;
    private String stuckReason;
    private Duration startedAgo = Duration.ofMinutes(40);
    private Duration lastProgressAgo = Duration.ofMinutes(30);
    private Duration stuckAgo;
    private boolean findableByKeys;

    private SagaRow(String status, String correlationKey) {
        this.status = status;
        this.correlationKey = correlationKey;
    }

    /** Running, at no step yet, started 40 minutes ago and last moved 30 minutes ago. */
    public static SagaRow running(String correlationKey) {
        return new SagaRow("RUNNING", correlationKey);
    }

    /** Being compensated, started 40 minutes ago and last moved 30 minutes ago. */
    public static SagaRow compensating(String correlationKey) {
        return new SagaRow("COMPENSATING", correlationKey);
    }

    /** Completed when it last moved: {@link #ago} says when. */
    public static SagaRow completed(String correlationKey) {
        return new SagaRow("COMPLETED", correlationKey);
    }

    /**
     * Stuck for STEP_TIMEOUT at charge-payment, waiting for PaymentCompleted from payment: started 40 minutes ago,
     * last moved 30 minutes ago, stuck since its step's deadline 20 minutes ago.
     */
    public static SagaRow stuck(String correlationKey) {
        return stuck(correlationKey, "STEP_TIMEOUT");
    }

    /** The same, stuck for {@code reason} (a StuckReason's name). */
    public static SagaRow stuck(String correlationKey, String reason) {
        SagaRow saga = new SagaRow("STUCK", correlationKey).waitingAt("charge-payment", "PaymentCompleted", "payment");
        saga.stuckReason = reason;
        saga.stuckAgo = Duration.ofMinutes(20);
        return saga;
    }

    public SagaRow ofType(String sagaType) {
        this.type = sagaType;
        return this;
    }

    /** Business keys {@code {"orderId": <its correlation key>}}, as the order saga's definition extracts them. */
    public SagaRow withOrderId() {
        this.businessKeys = ApiClient.JSON.writeValueAsString(Map.of("orderId", correlationKey));
        return this;
    }

    public SagaRow waitingAt(String step, String nextEvent, String service) {
        this.step = step;
        this.nextEvent = nextEvent;
        this.service = service;
        return this;
    }

    /** A trace its events came on. */
    public SagaRow onTrace(String traceId) {
        traceIds.add(traceId);
        return this;
    }

    /** When a stuck saga's step deadline passed, which is when it became stuck. */
    public SagaRow stuckSince(Duration ago) {
        this.stuckAgo = ago;
        return this;
    }

    /** When it started and last moved; a completed saga ended then too. */
    public SagaRow ago(Duration started, Duration lastProgress) {
        this.startedAgo = started;
        this.lastProgressAgo = lastProgress;
        return this;
    }

    /** Also in {@code saga_key} under its correlation key and trace ids, as searching by key or trace finds it. */
    public SagaRow findableByKeys() {
        this.findableByKeys = true;
        return this;
    }

    /** Writes the saga and answers its id. */
    public long insert(JdbcTemplate db) {
        Duration endedAgo = "COMPLETED".equals(status) ? lastProgressAgo : null;
        long id = db.queryForObject(INSERT, Long.class, type, correlationKey, businessKeys,
                "{" + String.join(",", traceIds) + "}", status, step, nextEvent, service, stuckReason,
                interval(stuckAgo), interval(startedAgo), interval(lastProgressAgo), interval(stuckAgo),
                interval(endedAgo));
        if (findableByKeys) {
            db.update("INSERT INTO saga_key (key_value, saga_id) VALUES (?, ?)", correlationKey, id);
            traceIds.forEach(traceId -> db.update("INSERT INTO saga_key (key_value, saga_id) VALUES (?, ?)", traceId, id));
        }
        return id;
    }

    /** A PostgreSQL interval, or null (and so a null time) where the saga has none. */
    private static String interval(Duration ago) {
        return ago == null ? null : ago.toSeconds() + " seconds";
    }
}
