package io.opsplane.console.telemetry.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.zip.ZipException;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opsplane.console.telemetry.TelemetryBusyException;
import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import io.opsplane.console.web.OtlpStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OTLP/HTTP as the specification describes it: {@code POST /v1/traces} and {@code /v1/logs} with a
 * binary protobuf or JSON body, optionally gzip-compressed, answered in the request's encoding.
 * A request is decoded whole before anything is written, so a bad one writes nothing; errors carry a
 * {@code google.rpc.Status}; 429 and 503 carry {@code Retry-After}, on which the exporters retry.
 *
 * <p>Bodies are read through {@link IntakeBodies}, within the in-flight byte budget every receiver shares.
 */
@RestController
record OtlpReceiver(OtlpTraceSink traces, OtlpLogSink logs, IntakeBodies bodies) {

    private static final Logger log = LoggerFactory.getLogger(OtlpReceiver.class);
    static final String PROTOBUF = OtlpStatus.PROTOBUF;
    static final String JSON = OtlpStatus.JSON;
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    @PostMapping("/v1/traces")
    ResponseEntity<byte[]> traces(HttpServletRequest request) {
        return receive(request, ExportTraceServiceRequest.parser(), ExportTraceServiceRequest.getDescriptor(),
                OtlpJson::traces, traces::export, outcome -> isComplete(outcome)
                        ? ExportTraceServiceResponse.getDefaultInstance()
                        : ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                                .setRejectedSpans(outcome.rejected())
                                .setErrorMessage(nullToEmpty(outcome.errorMessage()))).build());
    }

    @PostMapping("/v1/logs")
    ResponseEntity<byte[]> logs(HttpServletRequest request) {
        return receive(request, ExportLogsServiceRequest.parser(), ExportLogsServiceRequest.getDescriptor(),
                OtlpJson::logs, logs::export, outcome -> isComplete(outcome)
                        ? ExportLogsServiceResponse.getDefaultInstance()
                        : ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                                .setRejectedLogRecords(outcome.rejected())
                                .setErrorMessage(nullToEmpty(outcome.errorMessage()))).build());
    }

    /**
     * Metrics are not stored: a clear UNIMPLEMENTED Status (HTTP 501, which OTLP exporters do not retry) in the
     * request's encoding, instead of a 404 an operator could take for a wrong URL.
     */
    @PostMapping("/v1/metrics")
    ResponseEntity<byte[]> metrics(HttpServletRequest request) {
        return OtlpStatus.response(request, HttpStatus.NOT_IMPLEMENTED, "Opsplane does not receive metrics: "
                + "OTLP/HTTP here takes traces (/v1/traces) and logs (/v1/logs); send metrics to a metrics backend");
    }

    private enum Encoding { PROTOBUF, JSON }

    private interface JsonReader<T> {
        T read(InputStream json) throws InvalidProtocolBufferException;
    }

    /**
     * Decodes the export request in the request's encoding, hands it to the sink, and answers the sink's outcome as
     * {@code answer} words it (partial success or none); traces and logs differ only in their types.
     */
    private <T extends Message> ResponseEntity<byte[]> receive(HttpServletRequest request, Parser<T> parser,
                                                               Descriptor type, JsonReader<T> json,
                                                               Function<T, ExportOutcome> sink,
                                                               Function<ExportOutcome, Message> answer) {
        Encoding encoding = encodingOf(request.getContentType());
        if (encoding == null) {
            // no usable encoding to answer in: the specification's default, a protobuf Status
            return OtlpStatus.response(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '"
                    + request.getContentType() + "'; OTLP/HTTP takes " + PROTOBUF + " or " + JSON);
        }
        try {
            byte[] written = bodies.read(request, body -> {
                InvalidUtf8.Parsed<T> export = encoding == Encoding.PROTOBUF ? InvalidUtf8.parse(body.bytes(), parser, type)
                        : new InvalidUtf8.Parsed<>(json.read(body.input()), 0);
                return write(answer.apply(export.note(sink.apply(export.message()))), encoding);
            });
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType(encoding)).body(written);
        } catch (IntakeBodies.Refused e) {
            return status(e.status(), e.getMessage(), encoding, e.retryAfter());
        } catch (TelemetryRefusedException e) {
            // Elasticsearch refused the documents: the body was read fine, so say what was refused
            return status(HttpStatus.BAD_REQUEST, e.getMessage(), encoding, null);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | ZipException e) {
            return status(HttpStatus.BAD_REQUEST, "cannot decode the request body as "
                    + (encoding == Encoding.PROTOBUF ? "OTLP protobuf" : "OTLP/JSON") + ": " + e.getMessage(), encoding, null);
        } catch (TelemetryBusyException e) {
            return status(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), encoding, e.retryAfter());
        } catch (TelemetryUnavailableException e) {
            return status(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), encoding, e.retryAfter());
        } catch (IOException e) {
            return status(HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage(), encoding, null);
        } catch (RuntimeException e) {
            // an exporter still gets a Status it can decode; the cause stays in the log
            log.error("OTLP request to {} failed", request.getRequestURI(), e);
            return status(HttpStatus.INTERNAL_SERVER_ERROR, "the receiver failed to handle this request", encoding, null);
        }
    }

    private static ResponseEntity<byte[]> status(HttpStatus status, String message, Encoding encoding,
                                                 Duration retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .header(HttpHeaders.CONTENT_TYPE, contentType(encoding));
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return response.body(OtlpStatus.body(OtlpStatus.code(status), message, encoding == Encoding.JSON));
    }

    private static byte[] write(Message message, Encoding encoding) throws InvalidProtocolBufferException {
        return encoding == Encoding.PROTOBUF ? message.toByteArray()
                : JSON_PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    }

    private static Encoding encodingOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return switch (mediaType) {
            case PROTOBUF -> Encoding.PROTOBUF;
            case JSON -> Encoding.JSON;
            default -> null;
        };
    }

    private static String contentType(Encoding encoding) {
        return encoding == Encoding.PROTOBUF ? PROTOBUF : JSON;
    }

    /** Everything was taken: OTLP then leaves partial_success out of the response. */
    private static boolean isComplete(ExportOutcome outcome) {
        return outcome.rejected() == 0 && outcome.errorMessage() == null;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
