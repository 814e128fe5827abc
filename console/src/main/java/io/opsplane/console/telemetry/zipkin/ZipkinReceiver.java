package io.opsplane.console.telemetry.zipkin;

import java.util.Locale;

import io.opsplane.console.telemetry.otlp.ConvertedSpanIntake;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Zipkin's collector endpoint as Zipkin's own server offers it, {@code POST /api/v2/spans}: a list of v2 spans in
 * JSON ({@code application/json}, also when no type is given) or proto3 ({@code application/x-protobuf}), optionally
 * gzip-compressed; answered 202 with no body. A body that cannot be read writes nothing and gets 400 saying why.
 * Spans are converted as the Collector's zipkin receiver converts them ({@link ZipkinToOtlp}) and stored as OTLP's
 * are, so a trace mixing Zipkin, Jaeger and OTLP spans is one trace.
 */
@RestController
record ZipkinReceiver(ConvertedSpanIntake intake) {

    private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

    @PostMapping("/api/v2/spans")
    ResponseEntity<String> spans(HttpServletRequest request) {
        Boolean proto = proto(request.getContentType());
        if (proto == null) {
            return ConvertedSpanIntake.answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '"
                    + request.getContentType() + "'; Zipkin v2 spans are application/json or application/x-protobuf",
                    null);
        }
        return intake.receive(request, "Zipkin v2 " + (proto ? "proto3" : "JSON"), body -> ZipkinToOtlp.convert(
                proto ? ZipkinProto3.decode(body.bytes()) : ZipkinJson.decode(body.input())));
    }

    /** Whether the body is proto3 (false: JSON); null for a type Zipkin does not send. */
    private static Boolean proto(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return false;
        }
        return type.getType().toLowerCase(Locale.ROOT).equals("application") && type.isCompatibleWith(PROTOBUF)
                ? Boolean.TRUE : null;
    }
}
