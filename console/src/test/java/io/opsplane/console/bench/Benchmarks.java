package io.opsplane.console.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs the benchmark programs named on the command line ("all" for every one) and prints their
 * figures. Started by the Maven profile {@code bench}; never part of the test suite.
 */
public final class Benchmarks {

    interface Benchmark {
        void run() throws Exception;
    }

    // method references, so that a program without run() does not compile
    private static final Map<String, Benchmark> ALL = new LinkedHashMap<>();

    static {
        ALL.put("IngestBenchmark", IngestBenchmark::run);
        ALL.put("StuckScanBenchmark", StuckScanBenchmark::run);
        ALL.put("OtlpIngestBenchmark", OtlpIngestBenchmark::run);
        ALL.put("TraceFetchBenchmark", TraceFetchBenchmark::run);
        ALL.put("TraceSearchBenchmark", TraceSearchBenchmark::run);
        ALL.put("LogBenchmark", LogBenchmark::run);
        ALL.put("SagaListBenchmark", SagaListBenchmark::run);
        ALL.put("AlertLatencyBenchmark", AlertLatencyBenchmark::run);
        ALL.put("RuleEvaluationBenchmark", RuleEvaluationBenchmark::run);
        ALL.put("ConsumerLagBenchmark", ConsumerLagBenchmark::run);
        ALL.put("WhyBenchmark", WhyBenchmark::run);
        ALL.put("RetentionBenchmark", RetentionBenchmark::run);
        ALL.put("ZipkinPeerBenchmark", ZipkinPeerBenchmark::run);
    }

    public static void main(String[] args) {
        try {
            runAll(args);
        } catch (Exception e) {
            e.printStackTrace();
            // the embedded broker and database run non-daemon threads: leave explicitly either way
            System.exit(1);
        }
        System.exit(0);
    }

    private static void runAll(String[] args) throws Exception {
        List<String> names = args.length == 0 || args[0].equals("all") ? List.copyOf(ALL.keySet())
                : Arrays.asList(args[0].split(","));
        for (String name : names) {
            Benchmark benchmark = ALL.get(name.trim());
            if (benchmark == null) {
                throw new IllegalArgumentException("no benchmark '" + name + "'; known: " + ALL.keySet());
            }
            System.out.printf("%n=== %s (%d cores, max heap %d MB)%n", name, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            benchmark.run();
        }
    }

    /**
     * A console on a new database with ingest and the stuck scan off: the benchmarks over saga_instance write the
     * rows they measure themselves, and nothing may change them under the measurement.
     */
    static OpsplaneInstance sagaTableInstance(String prefix) {
        return OpsplaneInstance.on(TestPostgres.newDatabase(), new OrderSaga(prefix).writeDefinition(Duration.ofMinutes(5)))
                .property("opsplane.ingest.enabled", false)
                .property("opsplane.stuck.scan-interval", "1h").start();
    }

    /** Something done before each timed run, not timed. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * Requests each search sends, unmeasured, before its measured runs: a console serves searches all day, so
     * its request path is compiled by the JIT and the node's caches are warm; three warm-ups left both at start-up
     * speed (every search took about three times as long). Both sides of a ratio get the same warm-up.
     */
    static final int SEARCH_WARMUPS = Integer.getInteger("bench.search.warmups", 500);

    /**
     * The median, worst and p99 of {@code runs} timed runs of {@code run} after {@code warmups} untimed ones, in
     * milliseconds; {@code before} runs ahead of each timed run, outside the timing.
     */
    static double[] medianAndWorst(int warmups, int runs, Step before, Callable<?> run)
            throws Exception {
        for (int i = 0; i < warmups; i++) {
            run.call();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            before.run();
            long t = System.nanoTime();
            run.call();
            millis.add((System.nanoTime() - t) / 1e6);
        }
        return medianWorstP99(millis);
    }

    /** {median, worst, p99} of {@code millis}; the p99 by nearest rank, so under 100 runs it is the worst. */
    static double[] medianWorstP99(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        int p99 = Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1);
        return new double[] {sorted.get(sorted.size() / 2), sorted.getLast(), sorted.get(p99)};
    }

    /**
     * Runs the insert over {@code generate_series(1, total)} in slices of a million rows with progress shown (10
     * million rows take minutes), then analyses saga_instance and the {@code alsoWritten} tables so the planner sees
     * their real size.
     */
    static void fillSagas(JdbcTemplate db, int total, String insert, String... alsoWritten) {
        String series = "generate_series(1, " + total + ")";
        if (!insert.contains(series)) {
            throw new IllegalArgumentException("the insert does not read " + series);
        }
        long began = System.nanoTime();
        for (int from = 1; from <= total; from += FILL_SLICE) {
            int to = Math.min(total, from + FILL_SLICE - 1);
            db.execute(insert.replace(series, "generate_series(" + from + ", " + to + ")"));
            if (total > FILL_SLICE) {
                System.out.printf("  %,d of %,d (%.0f s)%n", to, total, (System.nanoTime() - began) / 1e9);
            }
        }
        db.execute("VACUUM ANALYZE saga_instance");
        for (String table : alsoWritten) {
            db.execute("VACUUM ANALYZE " + table);
        }
        System.out.printf("  done in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    private static final int FILL_SLICE = 1_000_000;

    /** What is done with one of a list's items, given its index. */
    interface Item {
        void run(int index) throws Exception;
    }

    /** Works through {@code items} items on {@code threads} threads, each taking the next item nobody has taken. */
    static void onThreads(int threads, int items, Item work) throws Exception {
        onThreads(threads, items, work, null);
    }

    /**
     * As above, running {@code everySecond} (progress shown, say) once a second until every thread is done; the
     * first failure is thrown once the others are stopped.
     */
    static void onThreads(int threads, int items, Item work, Runnable everySecond) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < items; i = next.getAndIncrement()) {
                        work.run((int) i);
                    }
                    return null;
                }));
            }
            while (everySecond != null && !running.stream().allMatch(Future::isDone)) {
                Thread.sleep(1000);
                everySecond.run();
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Posts until {@code name} answers {@code accepted}; on 429 or 503 again 100 ms later, as exporters retry, each
     * retry counted in {@code retries}. Any other status fails the benchmark.
     */
    static void postUntilAccepted(String name, Callable<Integer> post, int accepted, AtomicLong retries)
            throws Exception {
        while (true) {
            int status = post.call();
            if (status == accepted) {
                return;
            }
            if (status != 429 && status != 503) {
                throw new IllegalStateException(name + " answered " + status);
            }
            retries.incrementAndGet();
            Thread.sleep(100);
        }
    }
}
