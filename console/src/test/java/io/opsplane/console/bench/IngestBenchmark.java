package io.opsplane.console.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderEvents;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestKafka;
import io.opsplane.console.testing.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * End-to-end ingest throughput: a backlog of saga events on real Kafka topics (three topics of
 * six partitions, three event envelopes) consumed by a real Opsplane instance into PostgreSQL
 * with durable commits. Backlogs of warm-up events are applied unmeasured until the JIT compiler
 * has little left to do (on two cores, compiling the console otherwise takes a large share of the
 * measured CPU, which a long-running console does not pay); then, for each of several runs, the
 * listener is paused, a measured backlog is produced, and the clock runs from resuming until every
 * event is applied. The figure is the runs' median.
 */
final class IngestBenchmark {

    private static final int SAGAS = Integer.getInteger("bench.ingest.sagas", 100_000);
    /** How often the stuck scan runs: the console's default unless told (the tests' 500 ms is for quick tests). */
    private static final String SCAN_INTERVAL = System.getProperty("bench.ingest.scan-interval", "5s");
    /** Measured backlogs, each of {@link #SAGAS} sagas: the figure is their median. */
    private static final int RUNS = Integer.getInteger("bench.ingest.runs", 3);
    private static final int WARM_UP_SAGAS = 25_000;
    private static final int MAX_WARM_UP_ROUNDS = 12;
    /** A warm-up round whose compilers used less CPU than this per event leaves the JVM warm enough. */
    private static final double QUIET_COMPILER_MICROS_PER_EVENT = 3;

    static void run() throws Exception {
        // as many partitions per topic as a multiple of the consumers (2), so none of them idles
        OrderSaga saga = OrderSaga.create(6);
        OrderEvents events = new OrderEvents(saga);
        try (OpsplaneInstance opsplane = ingesting(saga, SCAN_INTERVAL);
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
            JdbcTemplate db = opsplane.jdbc();
            MeterRegistry meters = opsplane.bean(MeterRegistry.class);
            MessageListenerContainer listener = listener(opsplane);

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

            List<TopicPartition> partitions = partitionsOf(saga);
            Timer write = meters.get("opsplane.ingest.batch").tag("phase", "write").timer();
            DistributionSummary batches = meters.get("opsplane.ingest.batch.records").summary();
            double writeBefore = write.totalTime(TimeUnit.SECONDS);
            long batchesBefore = batches.count();
            double recordsBefore = batches.totalAmount();
            db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            db.execute("SELECT pg_stat_statements_reset()");
            long postmaster = CpuTime.postmasterOf(db);
            long jvmNanos = 0;
            long postgresNanos = 0;
            long compilerNanos = 0;
            long gcNanos = 0;

            // several backlogs, each measured on its own: one run of a few seconds spreads by ±10 % on two cores
            List<Double> rates = new ArrayList<>();
            List<Double> consumerRates = new ArrayList<>();
            int total = warmUp;
            long measured = 0;
            String lastPrefix = null;
            for (int run = 1; run <= RUNS; run++) {
                pause(listener);
                Map<TopicPartition, Long> backlogStart = endOffsets(partitions);
                lastPrefix = "bench" + run + "-";
                System.out.printf("run %d of %d: producing the measured backlog: %,d events of %,d sagas…%n", run, RUNS,
                        SAGAS * 4, SAGAS);
                int produced = produce(producer, events, lastPrefix, SAGAS);
                total += produced;
                Map<TopicPartition, Long> backlogEnd = endOffsets(partitions);
                CpuTime cpuBefore = CpuTime.now(postmaster);
                ThreadCpu threadsBefore = ThreadCpu.now();
                long began = System.nanoTime();
                listener.resume();
                awaitApplied(meters, total, true);
                double seconds = (System.nanoTime() - began) / 1e9;
                CpuTime cpu = CpuTime.now(postmaster).minus(cpuBefore);
                ThreadCpu threads = ThreadCpu.now().minus(threadsBefore);
                jvmNanos += cpu.jvmNanos();
                postgresNanos += cpu.postgresNanos();
                compilerNanos += threads.compilerNanos();
                gcNanos += threads.gcNanos();
                measured += produced;
                rates.add(produced / seconds);
                System.out.printf("run %d: %,d events in %.2f s = %,.0f events/s%n", run, produced, seconds,
                        produced / seconds);
                consumerRates.add(plainConsumer(backlogStart, backlogEnd, produced));
            }
            long stored = db.queryForObject("SELECT count(*) FROM saga_event", Long.class);
            if (stored != total) {
                throw new IllegalStateException(stored + " events stored, " + total + " expected");
            }
            long completed = db.queryForObject(
                    "SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED' AND correlation_key LIKE 'bench%'",
                    Long.class);
            System.out.printf("batches: %,d of %.0f records on average; %.1f s in database statements across consumers%n",
                    batches.count() - batchesBefore, (batches.totalAmount() - recordsBefore) / (batches.count() - batchesBefore),
                    write.totalTime(TimeUnit.SECONDS) - writeBefore);
            System.out.printf("PostgreSQL statements over the %d runs, execution time (not CPU: includes waiting) per "
                    + "event:%n", RUNS);
            long perEvent = measured;
            db.query("""
                    SELECT calls, rows, total_exec_time, wal_records, left(regexp_replace(query, '\\s+', ' ', 'g'), 70),
                           temp_blks_written
                    FROM pg_stat_statements WHERE total_exec_time * 1000 / ? >= 0.5 ORDER BY total_exec_time DESC""",
                    rs -> {
                        System.out.printf("  %6.1f µs  %,8d calls %,8d rows %,9d WAL records %,7d temp blocks  %s%n",
                                rs.getDouble(3) * 1e3 / perEvent, rs.getLong(1), rs.getLong(2), rs.getLong(4),
                                rs.getLong(6), rs.getString(5));
                    }, perEvent);
            System.out.printf("CPU per event while ingesting: %.0f µs in the JVM (consumer and the embedded test broker; "
                            + "of which JIT compilers %.0f µs, GC %.0f µs), %.0f µs in PostgreSQL%n",
                    jvmNanos / 1e3 / measured, compilerNanos / 1e3 / measured, gcNanos / 1e3 / measured,
                    postgresNanos / 1e3 / measured);
            double rate = median(rates);
            double consumer = median(consumerRates);
            System.out.printf("RESULT ingest: %,d events a run (%,d sagas; %,d of %,d completed; stuck scan every %s), "
                    + "median of %d runs = %,.0f events/s (runs: %s)%n", SAGAS * 4, SAGAS, completed, SAGAS * RUNS,
                    SCAN_INTERVAL, RUNS, rate, rates.stream().map(r -> String.format("%,.0f", r)).toList());
            double inserts = plainInserts(opsplane.bean(DataSource.class), db, lastPrefix, SAGAS * 4L);
            System.out.printf("RESULT ingest vs raw consumer: %,.0f ÷ %,.0f events/s (medians) = %.2f; vs plain inserts: "
                    + "%,.0f ÷ %,.0f events/s = %.2f (higher is better)%n", rate, consumer, rate / consumer, rate, inserts,
                    rate / inserts);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static List<TopicPartition> partitionsOf(OrderSaga saga) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(saga.orders, saga.inventory, saga.payments)) {
            for (int p = 0; p < 6; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer()) {
            return consumer.endOffsets(partitions);
        }
    }

    /** A consumer with the console's fetch settings (application.yml), reading bytes and nothing more. */
    private static KafkaConsumer<byte[], byte[]> plainConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65536,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4194304,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The first limit ingest stands on: the same backlog read by plain consumers, as many as the console runs (2),
     * each given half of the partitions, touching every record's bytes and doing nothing else. Events per second.
     */
    private static double plainConsumer(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, long expected)
            throws Exception {
        List<TopicPartition> partitions = new ArrayList<>(from.keySet());
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long began = System.nanoTime();
        try (ExecutorService consumers = Executors.newFixedThreadPool(2)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                List<TopicPartition> mine = new ArrayList<>();
                for (int i = c; i < partitions.size(); i += 2) {
                    mine.add(partitions.get(i));
                }
                running.add(consumers.submit(() -> {
                    try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer()) {
                        consumer.assign(mine);
                        mine.forEach(p -> consumer.seek(p, from.get(p)));
                        Map<TopicPartition, Long> left = new HashMap<>();
                        mine.stream().filter(p -> to.get(p) > from.get(p)).forEach(p -> left.put(p, to.get(p)));
                        while (!left.isEmpty()) {
                            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                                TopicPartition p = new TopicPartition(r.topic(), r.partition());
                                Long end = left.get(p);
                                if (end == null || r.offset() >= end) {
                                    continue;
                                }
                                records.incrementAndGet();
                                bytes.addAndGet(r.value().length + (r.key() == null ? 0 : r.key().length));
                                if (r.offset() == end - 1) {
                                    left.remove(p);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (records.get() != expected) {
            throw new IllegalStateException("the plain consumers read " + records.get() + " events, " + expected
                    + " expected");
        }
        System.out.printf("RESULT ingest limit, plain consumers (2, the console's fetch settings): %,d events (%,d MB) "
                + "in %.2f s = %,.0f events/s%n", records.get(), bytes.get() >> 20, seconds, records.get() / seconds);
        return records.get() / seconds;
    }

    /**
     * The second limit: the rows ingest left for the measured sagas (each instance in its final state, its search
     * keys, its events) inserted plainly into tables of the same columns, indexes and constraints, in batches of
     * about the console's (1,250 sagas, ~5,000 events) from two connections, one durable commit per batch: no reads,
     * no locks, no updates. Events per second.
     */
    private static double plainInserts(DataSource dataSource, JdbcTemplate db, String prefix, long events)
            throws Exception {
        String[] tables = {"saga_instance", "saga_key", "saga_event"};
        String measured = "i.correlation_key LIKE '" + prefix + "%'";
        String[] selects = {
            "SELECT * FROM saga_instance i WHERE " + measured + " ORDER BY id",
            "SELECT k.* FROM saga_key k JOIN saga_instance i ON i.id = k.saga_id WHERE " + measured,
            "SELECT e.* FROM saga_event e JOIN saga_instance i ON i.id = e.saga_id WHERE " + measured};
        // rows per saga, in the order of the sagas
        List<Map<Long, List<Object[]>>> bySaga = new ArrayList<>();
        List<Long> sagas = new ArrayList<>();
        String[] inserts = new String[tables.length];
        long rows = 0;
        for (int t = 0; t < tables.length; t++) {
            db.execute("DROP TABLE IF EXISTS plain_" + tables[t]);
            db.execute("CREATE TABLE plain_" + tables[t] + " (LIKE " + tables[t]
                    + " INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING CONSTRAINTS)"
                    + (tables[t].equals("saga_instance") ? " WITH (fillfactor = 80)" : ""));
            Map<Long, List<Object[]>> rowsOf = new HashMap<>();
            bySaga.add(rowsOf);
            String[] insert = new String[1];
            int table = t;
            db.query(selects[t], rs -> {
                int columns = rs.getMetaData().getColumnCount();
                if (insert[0] == null) {
                    List<String> names = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        names.add(rs.getMetaData().getColumnName(c));
                    }
                    insert[0] = "INSERT INTO plain_" + tables[table] + " (" + String.join(", ", names) + ") VALUES ("
                            + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
                }
                Object[] row = new Object[columns];
                for (int c = 1; c <= columns; c++) {
                    row[c - 1] = rs.getObject(c);
                }
                long saga = rs.getLong(tables[table].equals("saga_instance") ? "id" : "saga_id");
                if (table == 0) {
                    sagas.add(saga);
                }
                rowsOf.computeIfAbsent(saga, id -> new ArrayList<>()).add(row);
            });
            inserts[t] = insert[0];
            rows += rowsOf.values().stream().mapToLong(List::size).sum();
        }
        long eventRows = bySaga.get(2).values().stream().mapToLong(List::size).sum();
        if (eventRows != events) {
            throw new IllegalStateException(eventRows + " event rows of the measured sagas, " + events + " expected");
        }
        int sagasPerBatch = 1250;
        AtomicLong next = new AtomicLong();
        long began = System.nanoTime();
        try (ExecutorService writers = Executors.newFixedThreadPool(2)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                running.add(writers.submit(() -> {
                    try (java.sql.Connection connection = dataSource.getConnection()) {
                        connection.setAutoCommit(false);
                        for (long b = next.getAndIncrement(); b * sagasPerBatch < sagas.size(); b = next.getAndIncrement()) {
                            List<Long> batch = sagas.subList((int) b * sagasPerBatch,
                                    (int) Math.min(sagas.size(), (b + 1) * sagasPerBatch));
                            for (int t = 0; t < tables.length; t++) {
                                try (java.sql.PreparedStatement insert = connection.prepareStatement(inserts[t])) {
                                    for (Long saga : batch) {
                                        for (Object[] row : bySaga.get(t).getOrDefault(saga, List.of())) {
                                            for (int c = 0; c < row.length; c++) {
                                                insert.setObject(c + 1, row[c]);
                                            }
                                            insert.addBatch();
                                        }
                                    }
                                    insert.executeBatch();
                                }
                            }
                            connection.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("RESULT ingest limit, plain inserts of the same rows (%,d rows: %,d instances, their keys and "
                        + "%,d events; 2 connections, a commit per 1,250 sagas): %.2f s = %,.0f events/s%n", rows,
                sagas.size(), events, seconds, events / seconds);
        return events / seconds;
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

    /** A console ingesting {@code saga}'s topics into a new database, its stuck scan every {@code scanInterval}. */
    static OpsplaneInstance ingesting(OrderSaga saga, String scanInterval) {
        return OpsplaneInstance.on(TestPostgres.newDatabase(), saga.writeDefinition(Duration.ofMinutes(5)))
                .property("opsplane.stuck.scan-interval", scanInterval).start();
    }

    /** The console's saga-event listener: paused while a backlog is produced, resumed when the clock starts. */
    static MessageListenerContainer listener(OpsplaneInstance opsplane) {
        return opsplane.bean(KafkaListenerEndpointRegistry.class).getListenerContainer("saga-ingest");
    }

    /** Pauses the listener and waits until it has stopped consuming: what is produced from now on waits. */
    static void pause(MessageListenerContainer listener) throws InterruptedException {
        listener.pause();
        while (!listener.isPauseRequested() || !listener.isContainerPaused()) {
            Thread.sleep(50);
        }
    }

    /** Follows Opsplane's own count of applied events: exact, and no load on the database. */
    static void awaitApplied(MeterRegistry meters, long total, boolean showProgress) throws InterruptedException {
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
