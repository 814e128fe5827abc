package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * End-to-end ingest throughput: a backlog of saga events on real Kafka topics (three topics of
 * six partitions, three event envelopes) consumed by a real Opsplane instance into PostgreSQL
 * with durable commits. Backlogs of warm-up events are applied unmeasured until the JIT compiler
 * has little left to do (on two cores, compiling the console otherwise takes a large share of the
 * measured CPU, which a long-running console does not pay); then the listener is paused, the
 * measured backlog is produced, and the clock runs from resuming until every event is applied.
 */
final class IngestBenchmark {

    private static final int SAGAS = Integer.getInteger("bench.ingest.sagas", 100_000);
    /** How often the stuck scan runs: the console's default unless told (the tests' 500 ms is for quick tests). */
    private static final String SCAN_INTERVAL = System.getProperty("bench.ingest.scan-interval", "5s");
    private static final int WARM_UP_SAGAS = 25_000;
    private static final int MAX_WARM_UP_ROUNDS = 6;
    /** A warm-up round whose compilers used less CPU than this per event leaves the JVM warm enough. */
    private static final double QUIET_COMPILER_MICROS_PER_EVENT = 3;

    static void run() throws Exception {
        // as many partitions per topic as a multiple of the consumers (2), so none of them idles
        OrderSaga saga = OrderSaga.create(6);
        OrderEvents events = new OrderEvents(saga);
        try (OpsplaneInstance opsplane = OpsplaneInstance.on(TestPostgres.newDatabase(),
                saga.writeDefinition(Duration.ofMinutes(5))).property("opsplane.stuck.scan-interval", SCAN_INTERVAL).start();
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            JdbcTemplate db = opsplane.jdbc();
            MeterRegistry meters = opsplane.bean(MeterRegistry.class);
            MessageListenerContainer listener = opsplane.bean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("saga-ingest");

            int warmUp = 0;
            for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
                long compilerBefore = ThreadCpu.now().compilerNanos();
                int produced = produce(producer, events, "warm" + round + "-", WARM_UP_SAGAS);
                warmUp += produced;
                awaitApplied(meters, warmUp, false);
                double compilerMicros = (ThreadCpu.now().compilerNanos() - compilerBefore) / 1e3 / produced;
                System.out.printf("warm-up round %d: %,d events, JIT compilers %.0f µs CPU per event%n", round, produced,
                        compilerMicros);
                if (compilerMicros < QUIET_COMPILER_MICROS_PER_EVENT) {
                    break;
                }
            }

            listener.pause();
            while (!listener.isPauseRequested() || !listener.isContainerPaused()) {
                Thread.sleep(50);
            }
            System.out.printf("producing the measured backlog: %,d events of %,d sagas…%n", SAGAS * 4, SAGAS);
            int total = warmUp + produce(producer, events, "bench-", SAGAS);

            Timer write = meters.get("opsplane.ingest.batch").tag("phase", "write").timer();
            DistributionSummary batches = meters.get("opsplane.ingest.batch.records").summary();
            double writeBefore = write.totalTime(TimeUnit.SECONDS);
            long batchesBefore = batches.count();
            double recordsBefore = batches.totalAmount();

            db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            db.execute("SELECT pg_stat_statements_reset()");
            long postmaster = CpuTime.postmasterOf(db);
            CpuTime cpuBefore = CpuTime.now(postmaster);
            ThreadCpu threadsBefore = ThreadCpu.now();
            long began = System.nanoTime();
            listener.resume();
            awaitApplied(meters, total, true);
            double seconds = (System.nanoTime() - began) / 1e9;
            long stored = db.queryForObject("SELECT count(*) FROM saga_event", Long.class);
            if (stored != total) {
                throw new IllegalStateException(stored + " events stored, " + total + " expected");
            }
            CpuTime cpu = CpuTime.now(postmaster).minus(cpuBefore);
            ThreadCpu threads = ThreadCpu.now().minus(threadsBefore);
            long measured = total - warmUp;
            long completed = db.queryForObject(
                    "SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED' AND correlation_key LIKE 'bench-%'",
                    Long.class);
            System.out.printf("batches: %,d of %.0f records on average; %.1f s in database statements across consumers%n",
                    batches.count() - batchesBefore, (batches.totalAmount() - recordsBefore) / (batches.count() - batchesBefore),
                    write.totalTime(TimeUnit.SECONDS) - writeBefore);
            System.out.printf("PostgreSQL statements, execution time (not CPU: includes waiting) per event:%n");
            db.query("""
                    SELECT calls, rows, total_exec_time, wal_records, left(regexp_replace(query, '\\s+', ' ', 'g'), 70)
                    FROM pg_stat_statements WHERE total_exec_time * 1000 / ? >= 0.5 ORDER BY total_exec_time DESC""",
                    rs -> {
                        System.out.printf("  %6.1f µs  %,8d calls %,8d rows %,9d WAL records  %s%n",
                                rs.getDouble(3) * 1e3 / measured, rs.getLong(1), rs.getLong(2), rs.getLong(4),
                                rs.getString(5));
                    }, measured);
            System.out.printf("CPU per event: %.0f µs in the JVM (consumer and the embedded test broker; of which JIT "
                            + "compilers %.0f µs, GC %.0f µs), %.0f µs in PostgreSQL%n",
                    cpu.jvmNanos() / 1e3 / measured, threads.compilerNanos() / 1e3 / measured,
                    threads.gcNanos() / 1e3 / measured, cpu.postgresNanos() / 1e3 / measured);
            System.out.printf("RESULT ingest: %,d events (%,d sagas, %,d completed; stuck scan every %s) in %.1f s = %,.0f events/s%n",
                    measured, SAGAS, completed, SCAN_INTERVAL, seconds, measured / seconds);
        }
    }

    /**
     * CPU time used so far by this JVM and by the benchmark's PostgreSQL server (its postmaster, the
     * processes it runs and those it has reaped; not other PostgreSQL servers on the machine), which
     * contention does not distort.
     */
    record CpuTime(long jvmNanos, long postgresNanos) {

        static CpuTime now(long postmaster) throws java.io.IOException {
            long jvm = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
            long ticks = 0;
            try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (java.nio.file.Path dir : (Iterable<java.nio.file.Path>) dirs::iterator) {
                    try {
                        String[] fields = statFields(dir);
                        long pid = Long.parseLong(dir.getFileName().toString());
                        if (pid == postmaster) {
                            // user, system, and the same for its children that have ended
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                                    + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                        } else if (Long.parseLong(fields[1]) == postmaster) {
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (java.io.IOException | RuntimeException notAProcess) {
                        // not a process folder, or the process has ended
                    }
                }
            }
            return new CpuTime(jvm, ticks * 10_000_000L);
        }

        /** The postmaster of the server {@code db} is connected to: the parent of its backend. */
        static long postmasterOf(JdbcTemplate db) throws java.io.IOException {
            Integer backend = db.queryForObject("SELECT pg_backend_pid()", Integer.class);
            return Long.parseLong(statFields(java.nio.file.Path.of("/proc", String.valueOf(backend)))[1]);
        }

        /** The fields of /proc/PID/stat after the command name: state, ppid, … (utime is [11]). */
        private static String[] statFields(java.nio.file.Path process) throws java.io.IOException {
            String stat = java.nio.file.Files.readString(process.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }

        CpuTime minus(CpuTime earlier) {
            return new CpuTime(jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos);
        }
    }

    /** CPU time of this JVM's JIT compiler and GC threads, told apart by their names. */
    record ThreadCpu(long compilerNanos, long gcNanos) {

        static ThreadCpu now() throws java.io.IOException {
            long compiler = 0;
            long gc = 0;
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    try {
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                            compiler += ticks;
                        } else if (name.startsWith("GC Thread")) {
                            gc += ticks;
                        }
                    } catch (java.io.IOException | RuntimeException ended) {
                        // the thread has ended
                    }
                }
            }
            return new ThreadCpu(compiler * 10_000_000L, gc * 10_000_000L);
        }

        ThreadCpu minus(ThreadCpu earlier) {
            return new ThreadCpu(compilerNanos - earlier.compilerNanos, gcNanos - earlier.gcNanos);
        }
    }

    /** Produces {@code sagas} completed sagas of four events in chunks; answers how many events. */
    static int produce(KafkaProducer<byte[], byte[]> producer, OrderEvents events, String prefix, int sagas) {
        Instant start = Instant.now().minus(Duration.ofMinutes(30));
        List<ProducerRecord<byte[], byte[]>> chunk = new ArrayList<>();
        int produced = 0;
        for (int i = 0; i < sagas; i++) {
            chunk.addAll(events.completedSaga(prefix + i, start.plusMillis(i)));
            if (chunk.size() >= 20_000 || i == sagas - 1) {
                OrderEvents.send(producer, chunk);
                produced += chunk.size();
                chunk.clear();
            }
        }
        return produced;
    }

    /** Follows Opsplane's own count of applied events: exact, and no load on the database. */
    private static void awaitApplied(MeterRegistry meters, long total, boolean showProgress) throws InterruptedException {
        long began = System.nanoTime();
        long applied;
        do {
            Thread.sleep(100);
            // the counter appears with the first batch
            io.micrometer.core.instrument.Counter counter = meters.find("opsplane.ingest.events")
                    .tag("outcome", "applied").counter();
            applied = counter == null ? 0 : (long) counter.count();
            if (showProgress && (System.nanoTime() - began) / 100_000_000 % 10 == 0) {
                System.out.printf("  %5.1f s  %,9d / %,d events in saga state%n", (System.nanoTime() - began) / 1e9,
                        applied, total);
            }
        } while (applied < total);
    }
}
