package io.opsplane.console.stuck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.opsplane.console.ingest.IngestProgress.ReadHorizon;
import io.opsplane.console.testing.Browser;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * After an outage, ingest reads a backlog of old events. A saga whose next event waits in that backlog looks overdue
 * until it is read; the stuck scan must not mark it, and must still mark the saga that really stopped, once read.
 * The listener is paused to hold records unread, as a console does while it is away; its consumers stay in the group.
 * The saga page says why the overdue saga is not marked yet.
 */
class StuckScanCatchUpTest {

    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT_FOR_INGEST = Duration.ofMinutes(5);

    private static OrderSaga saga;
    private static OrderEvents events;
    private static OpsplaneInstance opsplane;
    private static JdbcTemplate db;
    private static KafkaProducer<byte[], byte[]> producer;
    private static StuckScanner scanner;
    private static MessageListenerContainer listener;

    @BeforeAll
    static void start() {
        // one partition a topic, so that which partition holds the scan back, and how far it was read, is known
        saga = OrderSaga.create(1);
        events = new OrderEvents(saga);
        opsplane = OpsplaneInstance.on(TestPostgres.newDatabaseWithRoles(), saga.writeDefinition(PAYMENT_TIMEOUT))
                // only this test's scans: a scheduled one could mark between two steps of the story
                .property("opsplane.stuck.scan-interval", "1h")
                .property("opsplane.stuck.wait-for-ingest", WAIT_FOR_INGEST.toString()).start();
        db = opsplane.jdbc();
        producer = TestKafka.producer();
        scanner = opsplane.bean(StuckScanner.class);
        listener = opsplane.bean(KafkaListenerEndpointRegistry.class).getListenerContainer("saga-ingest");
        awaitFirstScheduledScanDone();
    }

    /**
     * Quartz runs the scheduled scan once when it starts, whenever it gets to it: on a busy machine after this test's
     * events are read, marking what the test expects only its own scans to mark. So the test begins after that run.
     */
    private static void awaitFirstScheduledScanDone() {
        Scheduler quartz = opsplane.bean(Scheduler.class);
        TriggerKey scan = TriggerKey.triggerKey("stuck-scan", "sagas");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                quartz.getTrigger(scan).getPreviousFireTime() != null
                        && quartz.getCurrentlyExecutingJobs().stream().map(JobExecutionContext::getTrigger)
                        .noneMatch(trigger -> trigger.getKey().equals(scan)));
    }

    @AfterAll
    static void stop() {
        producer.close();
        opsplane.close();
    }

    @Test
    void aSagaThatMovedOnInTheBacklogIsNeverMarkedAndOneThatStoppedIsOnceTheBacklogIsRead() {
        Instant t0 = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        OrderEvents.send(producer, List.of(events.orderCreated("o-late", t0), events.stockReserved("o-late", t0.plusSeconds(1)),
                events.orderCreated("o-stopped", t0), events.stockReserved("o-stopped", t0.plusSeconds(1))));
        awaitSaga("o-late", "RUNNING", 2);
        awaitSaga("o-stopped", "RUNNING", 2);
        awaitCaughtUp();

        // the console goes away; o-late's payment and confirmation are produced meanwhile, o-stopped's never are
        pause();
        OrderEvents.send(producer, List.of(events.paymentCompleted("o-late", t0.plusSeconds(2)),
                events.orderConfirmed("o-late", t0.plusSeconds(3))));

        Instant now = Instant.now();
        ReadHorizon horizon = scanner.horizon(now);
        assertThat(horizon.heldBy()).as("the payments partition, never read, holds the scan back")
                .isEqualTo(saga.payments + "/0");
        assertThat(horizon.heldByUnread()).as("nothing read from it: no saga can be judged").isTrue();
        assertThat(scanner.scan(now, "test")).as("both sagas fell due after what ingest has read").isZero();
        assertThat(status("o-late")).isEqualTo("RUNNING");
        assertThat(status("o-stopped")).isEqualTo("RUNNING");
        long late = db.queryForObject("SELECT id FROM saga_instance WHERE correlation_key = 'o-late'", Long.class);
        try (Browser browser = Browser.signedInFrom(opsplane.baseUrl(), "/sagas/" + late, TestUsers.VIEWER)) {
            browser.awaitText(By.id("saga-held-for-ingest"), "Not judged stuck yet: Opsplane has not read from "
                    + saga.payments + "/0 yet, and the event that moves this saga on may be there");
        }

        listener.resume();
        awaitSaga("o-late", "COMPLETED", 4);
        // offsets are committed just after the batch's transaction: until then the partition still counts as behind
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> scanner.scan(Instant.now(), "test") > 0);
        Map<String, Object> stopped = db.queryForMap("SELECT status, stuck_since FROM saga_instance WHERE correlation_key = 'o-stopped'");
        assertThat(stopped.get("status")).isEqualTo("STUCK");
        assertThat(((java.sql.Timestamp) stopped.get("stuck_since")).toInstant()).as("stuck since it fell due")
                .isEqualTo(t0.plusSeconds(1).plus(PAYMENT_TIMEOUT));
        assertThat(db.queryForList("""
                SELECT s.correlation_key FROM saga_stuck_mark m JOIN saga_instance s ON s.id = m.saga_id""", String.class))
                .as("o-late was never marked, not even for a moment").containsExactly("o-stopped");

        // away again, with a partition read before: the scan is held back to the last record read from it
        awaitCaughtUp();
        pause();
        OrderEvents.send(producer, List.of(events.orderCreated("o-next", t0.plusSeconds(10)),
                events.stockReserved("o-next", t0.plusSeconds(11)), events.paymentCompleted("o-next", t0.plusSeconds(12))));
        horizon = scanner.horizon(Instant.now());
        // read so far: orders up to o-late's confirmation (t0 + 3 s), payments to its payment (+2 s), inventory +1 s
        assertThat(horizon.heldBy()).as("the partition behind that was read least far").isEqualTo(saga.inventory + "/0");
        assertThat(horizon.upTo()).as("the latest record read from it").isEqualTo(t0.plusSeconds(1));
        Instant later = Instant.now();
        scanner.scan(later, "test");
        assertThat(opsplane.bean(MeterRegistry.class).get("opsplane.stuck.scan.held.back").gauge().value())
                .as("how far behind now the scan judged, in seconds")
                .isEqualTo(Duration.between(t0.plusSeconds(1), later).toMillis() / 1e3);

        // ingest stalls: no batch read from any partition for longer than the scan waits, so it judges regardless
        db.update("UPDATE ingest_partition_progress SET read_at = read_at - interval '1 minute' - ?::interval",
                WAIT_FOR_INGEST.toString());
        assertThat(scanner.horizon(Instant.now()).heldBy()).isNull();
        listener.resume();
        awaitCaughtUp();
    }

    private static void pause() {
        listener.pause();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(listener::isContainerPaused);
    }

    /** Until the group has committed everything on the saga's topics: nothing holds the scan back. */
    private static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> scanner.horizon(Instant.now()).heldBy() == null);
    }

    private static String status(String orderId) {
        return db.queryForObject("SELECT status FROM saga_instance WHERE correlation_key = ?", String.class, orderId);
    }

    private static void awaitSaga(String orderId, String status, int events) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> db.queryForList(
                "SELECT status, event_count FROM saga_instance WHERE correlation_key = ?", orderId), rows -> !rows.isEmpty()
                && status.equals(rows.getFirst().get("status"))
                && Integer.valueOf(events).equals(rows.getFirst().get("event_count")));
    }
}
