package io.opsplane.demo.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * W3C trace context kept with work that continues later (an outbox row, a held charge), so what is
 * published afterwards joins the trace of the request that caused it. With the OpenTelemetry agent
 * attached these calls reach its tracer; without it they do nothing and store nothing.
 */
public final class Traces {

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private Traces() {
    }

    /** The current span as a {@code traceparent} value, or null outside any trace. */
    public static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** The context to continue {@code traceparent} in; an unsampled one when there is none. */
    public static Context continuing(String traceparent) {
        if (traceparent == null) {
            return unsampled();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent),
                MAP_GETTER);
    }

    /**
     * A context whose children are not recorded: the relay's routine polling would otherwise make
     * a new trace of one database query every few seconds.
     */
    public static Context unsampled() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SpanContext quiet = SpanContext.create(TraceId.fromLongs(random.nextLong() | 1, random.nextLong()),
                SpanId.fromLong(random.nextLong() | 1), TraceFlags.getDefault(), TraceState.getDefault());
        return Context.root().with(Span.wrap(quiet));
    }
}
