package io.opsplane.console.telemetry.zipkin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Zipkin v2 spans as OTLP, converted the way the OpenTelemetry Collector's zipkin receiver does
 * (opentelemetry-collector-contrib, pkg/translator/zipkin/zipkinv2/to_translator.go), so spans that came as Zipkin
 * look in Jaeger's schema as they would had they passed through a Collector:
 * <ul>
 *   <li>one resource per local service name ({@code service.name}, or the key named by the
 *       {@code otel.zipkin.serviceNameSource} tag), carrying the tags that are resource attributes; one scope per
 *       {@code otel.library.name}/{@code version} tag;</li>
 *   <li>kind from the span's kind, else {@code span.kind=internal}; status from {@code otel.status_code} and
 *       {@code otel.status_description}, or an {@code error} tag (its value, Brave's error message, stays a tag
 *       unless it is {@code true});</li>
 *   <li>tags as string attributes (the receiver's default, {@code parse_string_tags: false}); endpoints as
 *       {@code net.host.ip}/{@code net.host.port}, {@code peer.service}, {@code net.peer.ip}/{@code net.peer.port};</li>
 *   <li>annotations as events; 64-bit trace ids left-padded; a span without a timestamp starts at the epoch with
 *       {@code otel.zipkin.absentField.startTime=true}.</li>
 * </ul>
 */
final class ZipkinToOtlp {

    static final String NO_SERVICE_NAME = "OTLPResourceNoServiceName";
    private static final String SERVICE_NAME_SOURCE = "otel.zipkin.serviceNameSource";
    private static final String LIBRARY_NAME = "otel.library.name";
    private static final String LIBRARY_VERSION = "otel.library.version";
    private static final String START_TIME_ABSENT = "otel.zipkin.absentField.startTime";
    /** The namespaces of OpenTelemetry's resource attributes: such tags describe the process, not the span. */
    private static final List<String> RESOURCE_NAMESPACES = List.of("service.", "telemetry.", "host.", "process.",
            "os.", "container.", "k8s.", "cloud.", "deployment.", "faas.", "device.", "webengine.");
    /** OpenCensus's resource markers, which the Collector keeps off spans as well. */
    private static final Set<String> OTHER_RESOURCE_KEYS = Set.of("opencensus.starttime", "opencensus.exporterversion",
            "opencensus.resourcetype");

    private ZipkinToOtlp() {
    }

    static ExportTraceServiceRequest convert(List<ZipkinSpan> spans) {
        List<ZipkinSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(ZipkinToOtlp::localServiceName).thenComparing(ZipkinToOtlp::library));
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        ResourceSpans.Builder resource = null;
        ScopeSpans.Builder scope = null;
        String service = null;
        String library = null;
        for (ZipkinSpan span : sorted) {
            Map<String, String> tags = new LinkedHashMap<>(span.tags());
            String spanService = localServiceName(span);
            if (resource == null || !spanService.equals(service)) {
                if (resource != null) {
                    resource.addScopeSpans(scope);
                    request.addResourceSpans(resource);
                }
                service = spanService;
                resource = ResourceSpans.newBuilder().setResource(resource(tags, spanService));
                scope = null;
            }
            String spanLibrary = library(span);
            if (scope == null || !spanLibrary.equals(library)) {
                if (scope != null) {
                    resource.addScopeSpans(scope);
                }
                library = spanLibrary;
                scope = ScopeSpans.newBuilder().setScope(scope(tags, spanLibrary));
            }
            scope.addSpans(span(span, tags));
        }
        if (resource != null) {
            resource.addScopeSpans(scope);
            request.addResourceSpans(resource);
        }
        return request.build();
    }

    private static Span span(ZipkinSpan zipkin, Map<String, String> tags) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(ZipkinIds.bytes(zipkin.traceId(), 16))
                .setSpanId(ZipkinIds.bytes(zipkin.id(), 8))
                .setName(zipkin.name() == null ? "" : zipkin.name());
        String traceState = tags.remove("w3c.tracestate");
        if (traceState != null) {
            span.setTraceState(traceState);
        }
        if (zipkin.parentId() != null && !zipkin.parentId().equals(zipkin.id())) {
            span.setParentSpanId(ZipkinIds.bytes(zipkin.parentId(), 8));
        }
        span.setKind(kind(zipkin.kind(), tags));
        span.setStatus(status(tags));
        Map<String, AnyValue> attributes = new LinkedHashMap<>();
        tags.forEach((key, value) -> {
            if (!isResourceKey(key) && !key.equals(SERVICE_NAME_SOURCE) && !key.equals(LIBRARY_NAME)
                    && !key.equals(LIBRARY_VERSION)) {
                attributes.put(key, text(value));
            }
        });
        endpointAttributes(zipkin, attributes);
        if (zipkin.timestampMicros() == null) {
            span.setStartTimeUnixNano(0).setEndTimeUnixNano(zipkin.durationMicros() * 1_000);
            attributes.put(START_TIME_ABSENT, AnyValue.newBuilder().setBoolValue(true).build());
        } else {
            long start = zipkin.timestampMicros() * 1_000;
            span.setStartTimeUnixNano(start).setEndTimeUnixNano(start + zipkin.durationMicros() * 1_000);
        }
        attributes.forEach((key, value) -> span.addAttributes(KeyValue.newBuilder().setKey(key).setValue(value)));
        for (ZipkinSpan.Annotation annotation : zipkin.annotations()) {
            // the Collector's exporter writes "name|{attributes json}|dropped"; the name is the part before the first '|'
            int bar = annotation.value().indexOf('|');
            span.addEvents(Span.Event.newBuilder().setTimeUnixNano(annotation.timestampMicros() * 1_000)
                    .setName(bar < 0 ? annotation.value() : annotation.value().substring(0, bar)));
        }
        return span.build();
    }

    private static Span.SpanKind kind(String kind, Map<String, String> tags) {
        if (kind != null) {
            switch (kind) {
                case "CLIENT":
                    return Span.SpanKind.SPAN_KIND_CLIENT;
                case "SERVER":
                    return Span.SpanKind.SPAN_KIND_SERVER;
                case "PRODUCER":
                    return Span.SpanKind.SPAN_KIND_PRODUCER;
                case "CONSUMER":
                    return Span.SpanKind.SPAN_KIND_CONSUMER;
                default:
                    break;
            }
        }
        String tagged = tags.remove("span.kind");
        return "internal".equals(tagged) ? Span.SpanKind.SPAN_KIND_INTERNAL : Span.SpanKind.SPAN_KIND_UNSPECIFIED;
    }

    private static Status status(Map<String, String> tags) {
        Status.Builder status = Status.newBuilder();
        String code = tags.remove("otel.status_code");
        if (code != null) {
            // the OpenTelemetry exporters write OK and ERROR; older ones the enum's full names
            status.setCode(switch (code) {
                case "STATUS_CODE_OK", "OK" -> Status.StatusCode.STATUS_CODE_OK;
                case "STATUS_CODE_ERROR", "ERROR" -> Status.StatusCode.STATUS_CODE_ERROR;
                default -> Status.StatusCode.STATUS_CODE_UNSET;
            });
            String description = tags.remove("otel.status_description");
            if (description != null) {
                status.setMessage(description);
            }
        }
        String error = tags.get("error");
        if (error != null) {
            // Brave puts the error's message in the tag: the span failed, and the message stays a tag
            status.setCode(Status.StatusCode.STATUS_CODE_ERROR);
            if (error.equals("true")) {
                tags.remove("error");
            }
        }
        return status.build();
    }

    private static void endpointAttributes(ZipkinSpan span, Map<String, AnyValue> attributes) {
        ZipkinSpan.Endpoint local = span.localEndpoint();
        if (local != null) {
            putIfAbsent(attributes, "net.host.ip", local.ipv4());
            putIfAbsent(attributes, "net.host.ip", local.ipv6());
            if (local.port() > 0) {
                attributes.put("net.host.port", AnyValue.newBuilder().setIntValue(local.port()).build());
            }
        }
        ZipkinSpan.Endpoint remote = span.remoteEndpoint();
        if (remote != null) {
            if (remote.serviceName() != null) {
                attributes.putIfAbsent("peer.service", text(remote.serviceName()));
            }
            putIfAbsent(attributes, "net.peer.ip", remote.ipv4());
            putIfAbsent(attributes, "net.peer.ip", remote.ipv6());
            if (remote.port() > 0) {
                attributes.put("net.peer.port", AnyValue.newBuilder().setIntValue(remote.port()).build());
            }
        }
    }

    private static void putIfAbsent(Map<String, AnyValue> attributes, String key, String address) {
        String normalized = address(address);
        if (normalized != null) {
            attributes.putIfAbsent(key, text(normalized));
        }
    }

    /**
     * An IP address in the text Go's net.IP gives it, as the Collector writes it (IPv6 with its longest run of zero
     * groups as "::"); null when it is not an address literal, which the Collector leaves out too. Only literals
     * are parsed, so nothing is looked up in DNS.
     */
    static String address(String text) {
        boolean literal = text != null && text.matches("[0-9A-Fa-f:.]{2,45}")
                && (text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}"));
        if (!literal) {
            return null;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        String[] groups = address.getHostAddress().split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        return String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
                + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    }

    private static Resource resource(Map<String, String> tags, String service) {
        Resource.Builder resource = Resource.newBuilder();
        if (service.equals(NO_SERVICE_NAME)) {
            return resource.build();
        }
        String source = tags.get(SERVICE_NAME_SOURCE);
        resource.addAttributes(attribute(source == null || source.isEmpty() ? "service.name" : source, service));
        tags.forEach((key, value) -> {
            if (isResourceKey(key) && !key.equals("service.name")) {
                resource.addAttributes(attribute(key, value));
            }
        });
        return resource.build();
    }

    private static InstrumentationScope scope(Map<String, String> tags, String library) {
        InstrumentationScope.Builder scope = InstrumentationScope.newBuilder();
        if (!library.isEmpty()) {
            scope.setName(library);
            String version = tags.get(LIBRARY_VERSION);
            if (version != null) {
                scope.setVersion(version);
            }
        }
        return scope.build();
    }

    private static boolean isResourceKey(String key) {
        return OTHER_RESOURCE_KEYS.contains(key) || RESOURCE_NAMESPACES.stream().anyMatch(key::startsWith);
    }

    private static String localServiceName(ZipkinSpan span) {
        return span.localEndpoint() == null || span.localEndpoint().serviceName() == null ? NO_SERVICE_NAME
                : span.localEndpoint().serviceName();
    }

    private static String library(ZipkinSpan span) {
        String name = span.tags().get(LIBRARY_NAME);
        return name == null ? "" : name;
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(text(value)).build();
    }

    private static AnyValue text(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }
}
