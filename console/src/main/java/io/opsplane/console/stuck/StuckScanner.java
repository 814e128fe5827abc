package io.opsplane.console.stuck;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opsplane.console.ingest.IngestProgress;
import io.opsplane.console.ingest.IngestProgress.ReadHorizon;
import io.opsplane.console.saga.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks instances STUCK once they are due, in chunks of one transaction each, so a backlog after downtime never
 * holds one long transaction. What "stuck" means, and why, is the saga store's and the state machine's to say.
 * While ingest catches up on a backlog, only sagas due before what it has read are judged: the event that moves a
 * later one on may still be unread, and marking it would raise a false alarm for every saga in the backlog.
 */
@Component
public class StuckScanner {

    private static final Logger log = LoggerFactory.getLogger(StuckScanner.class);
    private static final int CHUNK = 5_000;

    private final SagaStore sagas;
    private final IngestProgress ingest;
    private final Duration waitForIngest;
    private final TransactionTemplate transaction;
    private final Duration fresh;
    /** This console's last scan; null before its first. */
    private volatile Scanned last;

    StuckScanner(SagaStore sagas, IngestProgress ingest, StuckProperties properties, TransactionTemplate transaction,
                 MeterRegistry meters) {
        this.sagas = sagas;
        this.ingest = ingest;
        this.waitForIngest = properties.waitForIngest();
        this.transaction = transaction;
        // the scan runs on one console at a time: another's figure from an old scan must not read as current
        this.fresh = properties.scanInterval().multipliedBy(3);
        Gauge.builder("opsplane.stuck.scan.held.back", this, StuckScanner::heldBackSeconds)
                .description("How far behind now the last stuck scan on this console judged sagas, waiting for ingest "
                        + "to catch up; NaN when this console has not scanned lately")
                .baseUnit("seconds").register(meters);
    }

    /** Marks every instance due at {@code now}, or as far as ingest has read; answers how many were marked. */
    public int scan(Instant now, String scannedBy) {
        ReadHorizon horizon = horizon(now);
        report(horizon, now);
        int total = 0;
        int marked;
        do {
            marked = transaction.execute(tx -> sagas.markDueStuck(horizon.upTo(), now, scannedBy, CHUNK));
            total += marked;
        } while (marked == CHUNK);
        return total;
    }

    /** Up to when a scan at {@code now} would judge sagas, and which partition holds it back if one does. */
    public ReadHorizon horizon(Instant now) {
        return ingest.horizon(now, waitForIngest);
    }

    private record Scanned(ReadHorizon horizon, Instant at, long nanos) {
    }

    private double heldBackSeconds() {
        Scanned scanned = last;
        // held by a partition not read from at all is no distance behind now: no figure
        if (scanned == null || System.nanoTime() - scanned.nanos > fresh.toNanos() || scanned.horizon.heldByUnread()) {
            return Double.NaN;
        }
        return Duration.between(scanned.horizon.upTo(), scanned.at).toMillis() / 1e3;
    }

    private void report(ReadHorizon horizon, Instant now) {
        Scanned before = last;
        last = new Scanned(horizon, now, System.nanoTime());
        boolean wasHeld = before != null && before.horizon.heldBy() != null;
        if (horizon.heldBy() != null && !wasHeld) {
            log.info("Ingest is catching up ({} {}): the stuck scan judges only sagas due by then, while ingest keeps "
                    + "reading", horizon.heldBy(), horizon.heldByUnread() ? "not read yet" : "read up to " + horizon.upTo());
        } else if (horizon.heldBy() == null && wasHeld) {
            log.info("Ingest has caught up: the stuck scan judges sagas due by now again");
        }
    }
}
