package io.opsplane.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background worker that polls the database for work: each thread runs passes back to back while they find
 * work, and waits an interval (or until {@link #wake()}) when a pass finds none. A failing pass is logged and
 * tried again at the next interval; the coordination between console instances is the database's own
 * ({@code FOR UPDATE SKIP LOCKED} in the passes), never the worker's.
 *
 * <p>Stopping lets the pass in flight finish and commit, so what it sent is recorded before the database goes
 * away; a worker whose passes wait on remote calls may ask to be interrupted instead.
 */
public abstract class PollingWorker implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final int threads;
    private final boolean interruptOnStop;
    private final Object signal = new Object();
    private final List<Thread> running = new ArrayList<>();
    private boolean woken;
    private volatile boolean active;

    /**
     * @param name            the threads' name, as thread dumps show it
     * @param threads         how many passes may run at once on this instance
     * @param interruptOnStop whether stopping interrupts a pass in flight rather than letting it finish
     */
    protected PollingWorker(String name, int threads, boolean interruptOnStop) {
        this.name = name;
        this.threads = threads;
        this.interruptOnStop = interruptOnStop;
    }

    /** One pass; answers whether there may be more work right away (then the next pass starts at once). */
    protected abstract boolean pass();

    /** How long to wait after a pass that found nothing, or failed. */
    protected abstract Duration interval();

    /** Whether this instance runs the worker at all (a setting may turn it off). */
    protected boolean enabled() {
        return true;
    }

    /** Work has just been committed on this instance: look now rather than at the next interval. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (!enabled()) {
            log.info("{} is off on this instance", name);
            return;
        }
        active = true;
        for (int i = 0; i < threads; i++) {
            String threadName = threads == 1 ? name : name + "-" + i;
            running.add(Thread.ofPlatform().name(threadName).daemon().start(this::loop));
        }
    }

    @Override
    public synchronized void stop() {
        active = false;
        wake();
        if (interruptOnStop) {
            running.forEach(Thread::interrupt);
        }
        for (Thread thread : running) {
            try {
                thread.join(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    private void loop() {
        while (active) {
            boolean more;
            try {
                more = pass();
            } catch (RuntimeException e) {
                if (!active) {
                    return;
                }
                log.warn("{}: a pass failed; trying again: {}", name, e.toString());
                more = false;
            }
            if (!more) {
                pause();
            }
        }
    }

    private void pause() {
        synchronized (signal) {
            if (!woken && active) {
                try {
                    signal.wait(Math.max(1, interval().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    active = false;
                }
            }
            woken = false;
        }
    }
}
