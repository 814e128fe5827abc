package io.opsplane.console.telemetry.jaegerthrift;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.opentracing.References;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.RunningOpsplane;
import io.opsplane.console.testing.TestElasticsearch;
import io.opsplane.console.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Jaeger's legacy collector endpoint, {@code POST /api/traces}, fed by a legacy Jaeger client itself (jaeger-client
 * 1.8's tracer, remote reporter and HttpSender with a bearer token): its spans read back through the Jaeger API with
 * service, process tags, references, typed tags and logs as the Collector's jaeger receiver converts them; and
 * bodies that are not a batch refused without a write and without allocating what they claim.
 */
class JaegerThriftReceiverTest {

    @RegisterExtension
    static final RunningOpsplane opsplane = new RunningOpsplane(() -> OpsplaneInstance.withOrderSaga().elasticsearch());

    @Test
    void aLegacyJaegerClientsSpansAreATraceWithTheirTagsLogsAndReferences() throws Exception {
        HttpSender sender = new HttpSender.Builder(opsplane.api().baseUrl() + "/api/traces")
                .withAuth(TestUsers.INGEST_KEY.secret()).build();
        JaegerTracer tracer = new JaegerTracer.Builder("legacy-billing")
                .withReporter(new RemoteReporter.Builder().withSender(sender).build())
                .withSampler(new ConstSampler(true))
                .withTag("hostname", "billing-3")
                .build();
        JaegerSpan invoice = tracer.buildSpan("POST /invoices").withTag("span.kind", "server")
                .withTag("http.status_code", 201).withTag("amount", 42.5).withTag("retried", false).start();
        JaegerSpan charge = tracer.buildSpan("charge card").asChildOf(invoice).withTag("span.kind", "client")
                .withTag("error", true).withTag("peer.service", "card-gateway").start();
        charge.log(Map.of("event", "timeout", "after.ms", 2_400L));
        charge.finish();
        JaegerSpan audit = tracer.buildSpan("audit").addReference(References.FOLLOWS_FROM, invoice.context()).start();
        audit.finish();
        invoice.finish();
        tracer.close();
        JaegerSpanContext context = invoice.context();

        JsonNode trace = trace(context.getTraceId());
        assertThat(trace.path("spans").size()).isEqualTo(3);
        JsonNode server = span(trace, "POST /invoices");
        JsonNode process = trace.path("processes").path(server.path("processID").asString());
        assertThat(process.path("serviceName").asString()).isEqualTo("legacy-billing");
        assertThat(tags(process).get("host.name")).as("hostname as the Collector renames it").isEqualTo("billing-3");
        assertThat(tags(process).get("opencensus.exporterversion")).startsWith("Jaeger-Java-1.8");
        assertThat(tags(server).get("span.kind")).isEqualTo("server");
        assertThat(tags(server).get("http.status_code")).isEqualTo("201");
        assertThat(tags(server).get("amount")).isEqualTo("42.5");
        assertThat(tags(server).get("retried")).isEqualTo("false");
        assertThat(tags(server)).doesNotContainKey("error");

        JsonNode failed = span(trace, "charge card");
        assertThat(failed.path("references").get(0).path("refType").asString()).isEqualTo("CHILD_OF");
        assertThat(failed.path("references").get(0).path("spanID").asString())
                .isEqualTo(server.path("spanID").asString());
        assertThat(tags(failed).get("error")).isEqualTo("true");
        assertThat(tags(failed).get("peer.service")).isEqualTo("card-gateway");
        Map<String, String> log = new HashMap<>();
        failed.path("logs").get(0).path("fields").forEach(f -> log.put(f.path("key").asString(), f.path("value").asString()));
        assertThat(log).containsEntry("event", "timeout").containsEntry("after.ms", "2400");

        JsonNode followed = span(trace, "audit");
        assertThat(followed.path("references").get(0).path("spanID").asString())
                .as("a FOLLOWS_FROM reference alone is the parent").isEqualTo(server.path("spanID").asString());
    }

    @Test
    void whatIsNotABatchIsRefusedWithoutAllocatingWhatItClaims() {
        HttpResponse<byte[]> truncated = post(new byte[] {12, 0, 1, 11, 0, 1, 0, 0});
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(text(truncated)).startsWith("cannot decode the request body as a Jaeger Thrift batch: ");

        // Batch.spans: a list of 2^31-1 structs in a dozen bytes
        ByteBuffer huge = ByteBuffer.allocate(16).put((byte) 15).putShort((short) 2).put((byte) 12)
                .putInt(Integer.MAX_VALUE).put((byte) 0);
        HttpResponse<byte[]> claims = post(huge.array());
        assertThat(claims.statusCode()).isEqualTo(400);
        assertThat(text(claims)).contains("a list of 2147483647 elements in");

        HttpResponse<byte[]> json = opsplane.api().ingest().post("/api/traces", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(text(json)).contains("application/vnd.apache.thrift.binary");

        HttpResponse<byte[]> anonymous = opsplane.api().anonymous().post("/api/traces", "application/x-thrift",
                new byte[] {0}, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<byte[]> post(byte[] body) {
        return opsplane.api().ingest().post("/api/traces", "application/vnd.apache.thrift.binary", body, Map.of());
    }

    private static JsonNode trace(String traceId) {
        TestElasticsearch.refresh();
        return opsplane.api().getJson("/jaeger/api/traces/" + traceId).path("data").get(0);
    }

    private static JsonNode span(JsonNode trace, String operation) {
        List<JsonNode> found = trace.path("spans").valueStream()
                .filter(s -> s.path("operationName").asString().equals(operation)).toList();
        assertThat(found).as("spans named " + operation + " in " + trace).hasSize(1);
        return found.getFirst();
    }

    private static Map<String, String> tags(JsonNode owner) {
        Map<String, String> tags = new HashMap<>();
        owner.path("tags").forEach(t -> tags.put(t.path("key").asString(), t.path("value").asString()));
        return tags;
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
