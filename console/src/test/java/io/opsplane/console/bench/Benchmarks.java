package io.opsplane.console.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

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
     * million rows take minutes), then analyses saga_instance so the planner sees its real size.
     */
    static void fillSagas(JdbcTemplate db, int total, String insert) {
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
        System.out.printf("  done in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    private static final int FILL_SLICE = 1_000_000;
}
