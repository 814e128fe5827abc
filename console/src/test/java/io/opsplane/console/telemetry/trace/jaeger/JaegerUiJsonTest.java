package io.opsplane.console.telemetry.trace.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.opsplane.console.telemetry.trace.store.TraceSpan;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Process;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Ref;
import io.opsplane.console.telemetry.trace.store.TraceSpan.Tag;
import io.opsplane.console.telemetry.trace.store.TraceSpan.TagType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Jaeger API's answer as written straight to a caller, and as the tree a saga's summary keeps. */
class JaegerUiJsonTest {

    private static final String TRACE = "0000000000000000" + "00f067aa0ba902b7";
    private static final Process SHOP = new Process("shop", List.of(Tag.string("host", "a")));

    @Test
    void theAnswerHoldsEachTraceAsItsTreeWouldBe() {
        List<TraceSpan> first = List.of(span(TRACE, "01", null, List.of()), span(TRACE, "02", "01", List.of()));
        List<TraceSpan> second = List.of(span("4bf92f3577b34da6a3ce929d0e0e4736", "0a", null, List.of()));
        JsonNode answer = JaegerUiJson.JSON.readTree(JaegerUiJson.JSON.writeValueAsBytes(
                JaegerUiJson.answer(List.of(first, second))));

        // the same text: a tree read back holds small numbers as ints, the written tree as longs
        assertThat(answer.path("data").valueStream().map(JsonNode::toString))
                .containsExactly(JaegerUiJson.trace(first).toString(), JaegerUiJson.trace(second).toString());
        assertThat(answer.path("total").asInt()).isZero();
        assertThat(answer.path("errors").isNull()).isTrue();
        JsonNode trace = answer.path("data").get(0);
        assertThat(trace.path("traceID").asString()).isEqualTo("00f067aa0ba902b7");
        // a parent kept only in parentSpanID is the first CHILD_OF reference, as Jaeger UI looks for it
        JsonNode child = trace.path("spans").get(1);
        assertThat(child.path("references").get(0).path("refType").asString()).isEqualTo("CHILD_OF");
        assertThat(child.path("references").get(0).path("spanID").asString()).isEqualTo("01");
        assertThat(child.path("references").get(0).path("traceID").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(child.path("processID").asString()).isEqualTo("p1");
        assertThat(trace.path("processes").path("p1").path("serviceName").asString()).isEqualTo("shop");
        // int64 beyond what JavaScript holds exactly is a string; binary is base64
        JsonNode tags = child.path("tags");
        assertThat(tags.get(0).path("value").isNumber()).isTrue();
        assertThat(tags.get(1).path("value").asString()).isEqualTo("9007199254740993");
        assertThat(tags.get(2).path("value").asString()).isEqualTo("AP8=");
    }

    @Test
    void aReferenceToWhatIsNoTraceIdIsShownAsStored() {
        // another writer's document: the API answers with it rather than failing the whole trace
        TraceSpan odd = span(TRACE, "03", null, List.of(new Ref("FOLLOWS_FROM", "", "04", null, 0, List.of())));
        JsonNode trace = JaegerUiJson.trace(List.of(odd));
        assertThat(trace.path("spans").get(0).path("references").get(0).path("traceID").asString()).isEmpty();
        assertThat(trace.path("spans").get(0).path("references").get(0).path("spanID").asString()).isEqualTo("04");
    }

    private static TraceSpan span(String traceId, String spanId, String parent, List<Ref> refs) {
        return new TraceSpan(traceId, spanId, parent, 0, "op", refs, 1_700_000_000_000_000L, 5,
                List.of(new Tag("n", TagType.INT64, 42L), new Tag("big", TagType.INT64, (1L << 53) + 1),
                        new Tag("bytes", TagType.BINARY, "00ff")), List.of(), SHOP, List.of());
    }
}
