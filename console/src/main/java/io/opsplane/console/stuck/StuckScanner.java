package io.opsplane.console.stuck;

import java.time.Instant;

import io.opsplane.console.saga.SagaStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks instances STUCK once they are due, in chunks of one transaction each, so a backlog after downtime never
 * holds one long transaction. What "stuck" means, and why, is the saga store's and the state machine's to say.
 */
@Component
public class StuckScanner {

    private static final int CHUNK = 5_000;

    private final SagaStore sagas;
    private final TransactionTemplate transaction;

    StuckScanner(SagaStore sagas, TransactionTemplate transaction) {
        this.sagas = sagas;
        this.transaction = transaction;
    }

    /** Marks every instance due at {@code now}; answers how many were marked. */
    public int scan(Instant now, String scannedBy) {
        int total = 0;
        int marked;
        do {
            marked = transaction.execute(tx -> sagas.markDueStuck(now, scannedBy, CHUNK));
            total += marked;
        } while (marked == CHUNK);
        return total;
    }
}
