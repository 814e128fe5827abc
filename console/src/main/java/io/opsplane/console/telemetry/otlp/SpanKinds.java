package io.opsplane.console.telemetry.otlp;

import io.opentelemetry.proto.trace.v1.Span;

/**
 * A span's kind as Jaeger names it in its {@code span.kind} tag ({@code client}, {@code server}, {@code producer},
 * {@code consumer}, {@code internal}): how spans in Jaeger's formats become OTLP, and how stored spans carry their
 * kind as that tag.
 */
public final class SpanKinds {

    private SpanKinds() {
    }

    /** The OTLP kind of a {@code span.kind} tag; unspecified when there is none or it names no kind. */
    public static Span.SpanKind fromTag(String tag) {
        if (tag == null) {
            return Span.SpanKind.SPAN_KIND_UNSPECIFIED;
        }
        return switch (tag) {
            case "client" -> Span.SpanKind.SPAN_KIND_CLIENT;
            case "server" -> Span.SpanKind.SPAN_KIND_SERVER;
            case "producer" -> Span.SpanKind.SPAN_KIND_PRODUCER;
            case "consumer" -> Span.SpanKind.SPAN_KIND_CONSUMER;
            case "internal" -> Span.SpanKind.SPAN_KIND_INTERNAL;
            default -> Span.SpanKind.SPAN_KIND_UNSPECIFIED;
        };
    }

    /** The {@code span.kind} tag of an OTLP kind; null for an unspecified one, which gets no tag. */
    public static String tag(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            case SPAN_KIND_INTERNAL -> "internal";
            default -> null;
        };
    }
}
