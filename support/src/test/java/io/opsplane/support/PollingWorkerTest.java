package io.opsplane.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PollingWorkerTest {

    /** Counts passes; the first {@code busy} passes report more work, later ones none. */
    static class Counting extends PollingWorker {
        final AtomicInteger passes = new AtomicInteger();
        final int busy;
        final Duration interval;
        volatile RuntimeException failure;

        Counting(int busy, Duration interval) {
            super("test-worker", 1, false);
            this.busy = busy;
            this.interval = interval;
        }

        @Override
        protected boolean pass() {
            int n = passes.incrementAndGet();
            RuntimeException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
            return n <= busy;
        }

        @Override
        protected Duration interval() {
            return interval;
        }
    }

    /** Starts the worker, runs {@code checks} while it runs, and stops it whether they pass or not. */
    private static void whileRunning(PollingWorker worker, Executable checks) throws Throwable {
        worker.start();
        try {
            checks.execute();
        } finally {
            worker.stop();
        }
    }

    @Test
    void passesRunBackToBackWhileThereIsWorkThenWaitTheInterval() throws Throwable {
        Counting worker = new Counting(50, Duration.ofHours(1));
        whileRunning(worker, () -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.passes.get() == 51);
            assertThat(worker.isRunning()).isTrue();
        });
        assertThat(worker.passes.get()).as("no pass after the idle one: the interval is an hour").isEqualTo(51);
    }

    @Test
    void wakeStartsAPassWithoutWaitingForTheInterval() throws Throwable {
        Counting worker = new Counting(0, Duration.ofHours(1));
        whileRunning(worker, () -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.passes.get() == 1);
            worker.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.passes.get() == 2);
        });
    }

    @Test
    void aFailingPassIsTriedAgainAtTheNextInterval() throws Throwable {
        Counting worker = new Counting(0, Duration.ofMillis(20));
        worker.failure = new IllegalStateException("database away");
        whileRunning(worker, () -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.passes.get() >= 3);
            assertThat(worker.isRunning()).isTrue();
        });
    }

    @Test
    void stoppingLetsThePassInFlightFinish() throws InterruptedException {
        CountDownLatch inPass = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        PollingWorker worker = new PollingWorker("slow-worker", 1, false) {
            @Override
            protected boolean pass() {
                inPass.countDown();
                long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                finished.set(true);
                return false;
            }

            @Override
            protected Duration interval() {
                return Duration.ofHours(1);
            }
        };
        worker.start();
        inPass.await();
        worker.stop();
        assertThat(finished).as("stop() returned only after the pass committed its work").isTrue();
        assertThat(worker.isRunning()).isFalse();
    }

    @Test
    void aWorkerTurnedOffStartsNoThread() {
        Counting worker = new Counting(0, Duration.ofMillis(10)) {
            @Override
            protected boolean enabled() {
                return false;
            }
        };
        worker.start();
        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.passes.get()).isZero();
        worker.stop();
    }
}
