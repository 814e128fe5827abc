package io.opsplane.console.telemetry.zipkin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipException;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opsplane.console.telemetry.TelemetryBusyException;
import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.telemetry.otlp.ExportOutcome;
import io.opsplane.console.telemetry.otlp.IntakeBodies;
import io.opsplane.console.telemetry.otlp.OtlpTraceSink;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
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
class ZipkinReceiver {

    private static final Logger log = LoggerFactory.getLogger(ZipkinReceiver.class);
    private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

    private final OtlpTraceSink traces;
    private final IntakeBodies bodies;

    ZipkinReceiver(OtlpTraceSink traces, IntakeBodies bodies) {
        this.traces = traces;
        this.bodies = bodies;
    }

    @PostMapping("/api/v2/spans")
    ResponseEntity<String> spans(HttpServletRequest request) {
        Boolean proto = proto(request.getContentType());
        if (proto == null) {
            return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '" + request.getContentType()
                    + "'; Zipkin v2 spans are application/json or application/x-protobuf", null);
        }
        try {
            ExportOutcome outcome = bodies.read(request, body -> {
                List<ZipkinSpan> spans = proto ? ZipkinProto3.decode(body.bytes()) : ZipkinJson.decode(body.input());
                return traces.export(ZipkinToOtlp.convert(spans));
            });
            if (outcome.rejected() > 0) {
                return answer(HttpStatus.BAD_REQUEST, outcome.rejected() + " spans were refused: "
                        + outcome.errorMessage(), null);
            }
            return ResponseEntity.accepted().build();
        } catch (IntakeBodies.Refused e) {
            return answer(e.status(), e.getMessage(), e.retryAfter());
        } catch (TelemetryRefusedException e) {
            return answer(HttpStatus.BAD_REQUEST, e.getMessage(), null);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | ZipException e) {
            return answer(HttpStatus.BAD_REQUEST, "cannot decode the request body as Zipkin v2 "
                    + (proto ? "proto3" : "JSON") + ": " + e.getMessage(), null);
        } catch (TelemetryBusyException e) {
            return answer(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfter());
        } catch (TelemetryUnavailableException e) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e.retryAfter());
        } catch (IOException e) {
            return answer(HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            log.error("Zipkin request failed", e);
            return answer(HttpStatus.INTERNAL_SERVER_ERROR, "the receiver failed to handle this request", null);
        }
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

    private static ResponseEntity<String> answer(HttpStatus status, String message, Duration retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return response.body(message + "\n");
    }
}
