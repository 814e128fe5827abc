package io.opsplane.console.engines;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Looks at every engine Opsplane stands on every {@link #EVERY}, each on a thread of its own, and keeps what it saw.
 * Health, the Overview's engines panel and the metrics all read that, so none of them ever waits on an engine that
 * is away: a look without an answer within {@link #ANSWER_WITHIN} is DOWN.
 */
@Service
public class Engines implements SmartLifecycle {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final Duration ANSWER_WITHIN = Duration.ofMillis(1500);
    private static final Logger log = LoggerFactory.getLogger(Engines.class);

    private final List<EngineProbe> probes;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, EngineState> states = new ConcurrentHashMap<>();
    private volatile boolean running;
    private List<Thread> loops = List.of();

    Engines(List<EngineProbe> probes) {
        this.probes = probes;
    }

    /** Every engine as last seen, in a fixed order: postgres, kafka, search. */
    public List<EngineState> states() {
        return probes.stream().map(probe -> states.get(probe.engine())).filter(java.util.Objects::nonNull).toList();
    }

    /** One engine as last seen; null before the first look or for a name not monitored. */
    public EngineState state(String engine) {
        return states.get(engine);
    }

    @Override
    public synchronized void start() {
        // the first look at all engines at once, so health has an answer from the start (at most ANSWER_WITHIN)
        CompletableFuture.allOf(probes.stream()
                .map(probe -> CompletableFuture.runAsync(() -> lookAt(probe), Thread.ofVirtual()::start))
                .toArray(CompletableFuture[]::new)).join();
        running = true;
        loops = probes.stream().map(probe -> Thread.ofVirtual().name("engine-" + probe.engine())
                .start(() -> keepLooking(probe))).toList();
    }

    private void keepLooking(EngineProbe probe) {
        while (running) {
            long started = System.nanoTime();
            lookAt(probe);
            long rest = EVERY.toNanos() - (System.nanoTime() - started);
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(rest, 0));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void lookAt(EngineProbe probe) {
        Instant checkedAt = clock.instant();
        long started = System.nanoTime();
        CompletableFuture<EngineProbe.Look> look = CompletableFuture.supplyAsync(() -> {
            try {
                return probe.look();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, Thread.ofVirtual()::start);
        try {
            EngineProbe.Look found = look.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            record(probe, checkedAt, Duration.ofNanos(System.nanoTime() - started), found);
        } catch (TimeoutException e) {
            look.cancel(true);
            record(probe, checkedAt, null, new EngineProbe.Look(EngineStatus.DOWN,
                    "no answer within " + ANSWER_WITHIN.toMillis() + " ms", Map.of()));
        } catch (ExecutionException e) {
            record(probe, checkedAt, null, new EngineProbe.Look(EngineStatus.DOWN, describe(e.getCause()), Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(EngineProbe probe, Instant checkedAt, Duration latency, EngineProbe.Look found) {
        states.compute(probe.engine(), (engine, before) -> {
            boolean changed = before == null || before.status() != found.status();
            if (changed && before != null) {
                if (found.status() == EngineStatus.UP) {
                    log.info("{} is up again (was {} since {}: {})", engine, before.status(), before.since(), before.problem());
                } else {
                    log.warn("{} is {}: {}", engine, found.status(), found.problem());
                }
            }
            String lastError = found.problem() != null ? found.problem() : before == null ? null : before.lastError();
            Instant lastErrorAt = found.problem() != null ? checkedAt : before == null ? null : before.lastErrorAt();
            return new EngineState(engine, probe.required(), found.status(), found.problem(),
                    changed ? checkedAt : before.since(), latency, checkedAt, lastError, lastErrorAt, found.details());
        });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "no answer within " + ANSWER_WITHIN.toMillis() + " ms";
        }
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    @Override
    public synchronized void stop() {
        running = false;
        loops.forEach(Thread::interrupt);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
