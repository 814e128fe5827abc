package io.opsplane.console.telemetry.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.CapturedLogs;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receiver under a flood, as the issue reproduced it: connections that claim 16 MB and send 10 bytes
 * (which, with buffers sized from the claim, filled the heap and threw OutOfMemoryErrors), bodies that stall
 * half-sent, and 200 concurrent 1 MB exports, while an operator uses the saga API. Memory follows the bytes
 * that arrived, under the in-flight budget; what does not fit is told to retry before its body is read.
 */
class OtlpFloodTest {

    private static final long BUDGET = 64L << 20;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(8);
    private static final int CLAIMED = 16_777_116;
    private static final int SLOW_SOCKETS = 60;
    private static final int STALLED_SOCKETS = 5;
    private static final int STALLED_BYTES = 10 << 20;
    private static final int EXPORTS = 200;
    private static final int EXPORT_BYTES = 1 << 20;
    /** How long exporters keep retrying refused exports, as exporters do. */
    private static final Duration EXPORT_WINDOW = Duration.ofSeconds(30);

    @AutoClose
    private static OpsplaneInstance opsplane;
    private static ApiClient api;
    private static OtlpAdmission admission;
    private static int port;
    @AutoClose
    private static CapturedLogs logs;

    @BeforeAll
    static void start() {
        opsplane = OpsplaneInstance.withOrderSaga()
                .elasticsearch(TestElasticsearch.uniquePrefix())
                .property("opsplane.otlp.in-flight-bytes", BUDGET + "B")
                .property("opsplane.otlp.read-timeout", READ_TIMEOUT.toMillis() + "ms")
                .start();
        api = opsplane.api();
        admission = opsplane.bean(OtlpAdmission.class);
        port = URI.create(opsplane.baseUrl()).getPort();
        logs = CapturedLogs.start();
    }

    @Test
    void aBodyThatStopsArrivingIsCutOffWith408AndGivesBackItsBytes() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.multipliedBy(4).toMillis());
            sendHead(socket, 100_000, "application/json");
            socket.getOutputStream().write("{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> admission.inFlightBytes() > 0);

            RawResponse response = RawResponse.read(socket.getInputStream());
            assertThat(response.status()).as(response.toString()).isEqualTo(408);
            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(RpcStatus.fromJson(response.body()).message()).contains("stopped arriving");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admission.inFlightBytes() == 0);
    }

    @Test
    void aFloodOfSlowAndLargeExportsStaysWithinTheBudgetAndTheSagaApiAnswers() throws Exception {
        logs.clear();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Long> sagaLatencies = Collections.synchronizedList(new ArrayList<>());
        List<Integer> sagaStatuses = Collections.synchronizedList(new ArrayList<>());
        // the operator's own client: the exporters' shared one would queue the operator's call behind their uploads
        HttpClient operatorClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest listSagas = api.request("/api/sagas").GET().build();
        Thread operator = Thread.ofPlatform().name("operator").start(() -> {
            while (flooding.get()) {
                long start = System.nanoTime();
                int status;
                try {
                    status = operatorClient.send(listSagas, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException | InterruptedException e) {
                    status = -1;
                }
                sagaLatencies.add(System.nanoTime() - start);
                sagaStatuses.add(status);
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // an operator's pace, not a wait for anything
            }
        });
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService exporters = Executors.newFixedThreadPool(100)) {
            // 1. connections that claim 16 MB and send 10 bytes: each holds one chunk, not 16 MB
            List<Future<RawResponse>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_SOCKETS; i++) {
                Socket socket = open(sockets);
                sendHead(socket, CLAIMED, "application/x-protobuf");
                socket.getOutputStream().write(new byte[10]);
                socket.getOutputStream().flush();
                slow.add(readers.submit(() -> RawResponse.read(socket.getInputStream())));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admission.inFlightBytes() >= (long) SLOW_SOCKETS * IntakeBodies.CHUNK);
            // 2. bodies that stall after 10 MB: these bytes did arrive, and are held against the budget
            List<Future<RawResponse>> stalled = new ArrayList<>();
            for (int i = 0; i < STALLED_SOCKETS; i++) {
                Socket socket = open(sockets);
                sendHead(socket, CLAIMED, "application/x-protobuf");
                stalled.add(readers.submit(() -> RawResponse.read(socket.getInputStream())));
                socket.getOutputStream().write(new byte[STALLED_BYTES]);
                socket.getOutputStream().flush();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admission.inFlightBytes() >= (long) STALLED_SOCKETS * STALLED_BYTES);

            // 3. a request whose claim no longer fits is refused before any of its body is sent
            try (Socket socket = open(sockets)) {
                sendHead(socket, CLAIMED, "application/x-protobuf");
                RawResponse refused = RawResponse.read(socket.getInputStream());
                assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
                assertThat(refused.header("retry-after")).isNotNull();
                assertThat(refused.header("content-type")).isEqualTo("application/x-protobuf");
                RpcStatus status = RpcStatus.fromProtobuf(refused.body());
                assertThat(status.code()).isEqualTo(8);
                assertThat(status.message()).contains("opsplane.otlp.in-flight-bytes");
            }

            // 4. 200 concurrent 1 MB exports, each retried on 429/503 after Retry-After, as exporters do
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                payloads.add(megabyteTrace().toByteArray());
            }
            Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
            List<String> badRefusals = Collections.synchronizedList(new ArrayList<>());
            long windowEnd = System.nanoTime() + EXPORT_WINDOW.toNanos();
            List<Future<Integer>> exports = new ArrayList<>();
            for (int i = 0; i < EXPORTS; i++) {
                byte[] payload = payloads.get(i % payloads.size());
                exports.add(exporters.submit(() -> export(payload, windowEnd, answers, badRefusals)));
            }
            int accepted = 0;
            for (Future<Integer> export : exports) {
                accepted += export.get(EXPORT_WINDOW.plusSeconds(60).toSeconds(), TimeUnit.SECONDS) == 200 ? 1 : 0;
            }

            flooding.set(false);
            operator.join();
            sampler.shutdownNow();

            long maxHeap = memory.getHeapMemoryUsage().getMax();
            System.out.printf(Locale.ROOT, "OTLP flood: %d exports accepted of %d, answers %s; %d slow + %d stalled"
                            + " connections cut off; in-flight peak %.1f MB of a %.1f MB budget; heap peak %.0f MB of"
                            + " %.0f MB; saga API p95 %.0f ms, max %.0f ms over %d calls%n",
                    accepted, EXPORTS, answers, SLOW_SOCKETS, STALLED_SOCKETS, mb(admission.peakInFlightBytes()),
                    mb(BUDGET), mb(peakHeap.get()), mb(maxHeap), percentile(sagaLatencies, 0.95) / 1e6,
                    percentile(sagaLatencies, 1.0) / 1e6, sagaLatencies.size());

            // the slow bodies were cut off by the read timeout, each with a 408 (not left to Tomcat's minute)
            for (Future<RawResponse> answer : slow) {
                RawResponse response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isEqualTo(408);
                assertThat(RpcStatus.fromProtobuf(response.body()).code()).isEqualTo(4);
            }
            // a stalled body too, unless the exports took the budget first and its next chunk was refused
            for (Future<RawResponse> answer : stalled) {
                RawResponse response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isIn(408, 429);
                if (response.status() == 429) {
                    assertThat(response.header("retry-after")).as(response.toString()).isNotNull();
                }
                RpcStatus.fromProtobuf(response.body());
            }
            assertThat(outOfMemoryErrors()).as("OutOfMemoryErrors logged during the flood").isEmpty();
            assertThat(admission.peakInFlightBytes()).as("bytes held at once").isLessThanOrEqualTo(BUDGET);
            assertThat(peakHeap.get()).as("heap used").isLessThan(maxHeap);
            assertThat(badRefusals).as("refusals without Retry-After or a google.rpc.Status").isEmpty();
            // 408: on a machine this busy an exporter's own upload can stall past the read timeout, which is then
            // cut off as any slow body is; -1: no answer (a closed keep-alive connection), retried
            assertThat(answers.keySet()).as("answers to the exports").isSubsetOf(-1, 200, 408, 429, 503);
            assertThat(accepted).as("exports accepted during the flood").isPositive();
            assertThat(sagaStatuses).as("saga API answers during the flood").isNotEmpty().containsOnly(200);
        } finally {
            flooding.set(false);
            sampler.shutdownNow();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> admission.inFlightBytes() == 0);
    }

    /** One export, retried after Retry-After while the window lasts; its last HTTP status. */
    private static int export(byte[] payload, long windowEnd, Map<Integer, AtomicInteger> answers,
                              List<String> badRefusals) throws InterruptedException {
        while (true) {
            HttpResponse<byte[]> response;
            try {
                response = api.ingest().post("/v1/traces", "application/x-protobuf", payload, Map.of());
            } catch (UncheckedIOException e) {
                // a pooled connection closed under the client (an idle keep-alive the server ended, on a machine this
                // busy): the specification has exporters retry a request that got no answer, with back-off
                answers.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                if (System.nanoTime() + Duration.ofSeconds(1).toNanos() - windowEnd > 0) {
                    return -1;
                }
                TimeUnit.SECONDS.sleep(1);
                continue;
            }
            int status = response.statusCode();
            answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status != 429 && status != 503) {
                return status;
            }
            java.util.Optional<String> retryAfter = response.headers().firstValue("Retry-After");
            try {
                RpcStatus.fromProtobuf(response.body());
            } catch (RuntimeException | AssertionError e) {
                badRefusals.add(status + ": " + e.getMessage());
            }
            if (retryAfter.isEmpty()) {
                badRefusals.add(status + " without Retry-After");
                return status;
            }
            long wait = Duration.ofSeconds(Long.parseLong(retryAfter.get())).toNanos();
            if (System.nanoTime() + wait - windowEnd > 0) {
                return status;
            }
            // the exporter's own back-off, as the server asked
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static Socket open(List<Socket> sockets) throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        sockets.add(socket);
        return socket;
    }

    private static void sendHead(Socket socket, long contentLength, String contentType) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/traces HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
                + TestUsers.INGEST_KEY.secret() + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A valid export of about 1 MB: 64 spans of one trace, each with a 16 KB attribute. */
    private static ExportTraceServiceRequest megabyteTrace() {
        ByteString traceId = ByteString.copyFrom(randomBytes(16));
        String filler = "word ".repeat(EXPORT_BYTES / 64 / 5);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        long start = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < 64; i++) {
            scope.addSpans(Span.newBuilder().setTraceId(traceId).setSpanId(ByteString.copyFrom(randomBytes(8)))
                    .setName("flood-" + i).setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000_000L)
                    .addAttributes(KeyValue.newBuilder().setKey("filler")
                            .setValue(AnyValue.newBuilder().setStringValue(filler))));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("flood-service"))))
                .addScopeSpans(scope)).build();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        return bytes;
    }

    private static List<String> outOfMemoryErrors() {
        List<String> errors = new ArrayList<>();
        for (ILoggingEvent event : logs.events()) {
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                if (cause.getClassName().equals(OutOfMemoryError.class.getName())) {
                    errors.add(event.getLoggerName() + ": " + event.getFormattedMessage());
                    break;
                }
            }
        }
        return errors;
    }

    private static double percentile(List<Long> values, double fraction) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(fraction * sorted.size()) - 1));
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** An HTTP/1.1 response read off a raw socket: status line, headers, and a Content-Length body. */
    record RawResponse(int status, Map<String, String> headers, byte[] body) {

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                return new RawResponse(-1, Map.of(), new byte[0]); // closed without an answer
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }

        String header(String name) {
            return headers.get(name);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) != -1 && b != '\n') {
                    if (b != '\r') {
                        line.write(b);
                    }
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                b = -1; // reset by the server: no answer
            }
            return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }
}
