package io.opsplane.console.telemetry.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opsplane.console.telemetry.TelemetryBusyException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * OTLP/HTTP as the specification describes it: {@code POST /v1/traces} and {@code /v1/logs} with a
 * binary protobuf or JSON body, optionally gzip-compressed, answered in the request's encoding.
 * A request is decoded whole before anything is written, so a bad one writes nothing; errors carry a
 * {@code google.rpc.Status}; 429 and 503 carry {@code Retry-After}, on which the exporters retry.
 */
@RestController
class OtlpReceiver {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";
    // google.rpc.Code
    private static final int INVALID_ARGUMENT = 3;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNAVAILABLE = 14;
    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final OtlpTraceSink traces;
    private final OtlpLogSink logs;
    private final long maxRequestBytes;

    OtlpReceiver(OtlpTraceSink traces, OtlpLogSink logs, OtlpProperties properties) {
        this.traces = traces;
        this.logs = logs;
        this.maxRequestBytes = properties.maxRequestBytes();
    }

    @PostMapping("/v1/traces")
    ResponseEntity<byte[]> traces(HttpServletRequest request) {
        return receive(request, encoding -> {
            byte[] body = body(request);
            ExportTraceServiceRequest export = encoding == Encoding.PROTOBUF
                    ? ExportTraceServiceRequest.parseFrom(body) : OtlpJson.traces(body);
            ExportOutcome outcome = traces.export(export);
            ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
            if (outcome.rejected() > 0 || outcome.errorMessage() != null) {
                response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(outcome.rejected())
                        .setErrorMessage(nullToEmpty(outcome.errorMessage())));
            }
            return response.build();
        });
    }

    @PostMapping("/v1/logs")
    ResponseEntity<byte[]> logs(HttpServletRequest request) {
        return receive(request, encoding -> {
            byte[] body = body(request);
            ExportLogsServiceRequest export = encoding == Encoding.PROTOBUF
                    ? ExportLogsServiceRequest.parseFrom(body) : OtlpJson.logs(body);
            ExportOutcome outcome = logs.export(export);
            ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
            if (outcome.rejected() > 0 || outcome.errorMessage() != null) {
                response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(outcome.rejected())
                        .setErrorMessage(nullToEmpty(outcome.errorMessage())));
            }
            return response.build();
        });
    }

    private enum Encoding { PROTOBUF, JSON }

    private interface Export {
        Message run(Encoding encoding) throws IOException;
    }

    private ResponseEntity<byte[]> receive(HttpServletRequest request, Export export) {
        Encoding encoding = encodingOf(request.getContentType());
        if (encoding == null) {
            // no encoding to answer in: a plain-text explanation
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).header(HttpHeaders.CONTENT_TYPE, "text/plain")
                    .body(("unsupported content type '" + request.getContentType() + "'; OTLP/HTTP takes "
                            + PROTOBUF + " or " + JSON).getBytes(StandardCharsets.UTF_8));
        }
        try {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType(encoding))
                    .body(write(export.run(encoding), encoding));
        } catch (RequestTooLargeException e) {
            return status(HttpStatus.CONTENT_TOO_LARGE, INVALID_ARGUMENT, e.getMessage(), encoding, null);
        } catch (UnsupportedEncodingException e) {
            return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, INVALID_ARGUMENT, e.getMessage(), encoding, null);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | ZipException e) {
            return status(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, "cannot decode the request body as "
                    + (encoding == Encoding.PROTOBUF ? "OTLP protobuf" : "OTLP/JSON") + ": " + e.getMessage(), encoding, null);
        } catch (TelemetryBusyException e) {
            return status(HttpStatus.TOO_MANY_REQUESTS, RESOURCE_EXHAUSTED, e.getMessage(), encoding, e);
        } catch (TelemetryUnavailableException e) {
            return status(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, e.getMessage(), encoding, e);
        } catch (IOException e) {
            return status(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, "cannot read the request body: " + e.getMessage(),
                    encoding, null);
        }
    }

    /** The body, uncompressed, refused when larger than allowed before or after decompression. */
    private byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxRequestBytes) {
            throw new RequestTooLargeException(maxRequestBytes);
        }
        String contentEncoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        InputStream in = request.getInputStream();
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
            if (!contentEncoding.equalsIgnoreCase("gzip")) {
                throw new UnsupportedEncodingException("unsupported Content-Encoding '" + contentEncoding
                        + "'; gzip is accepted");
            }
            in = new GZIPInputStream(in);
        }
        try (InputStream body = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(
                    (int) Math.min(maxRequestBytes, Math.max(1024, request.getContentLengthLong())));
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > maxRequestBytes) {
                    throw new RequestTooLargeException(maxRequestBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static ResponseEntity<byte[]> status(HttpStatus status, int code, String message, Encoding encoding,
                                                 TelemetryUnavailableException retry) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .header(HttpHeaders.CONTENT_TYPE, contentType(encoding));
        if (retry != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retry.retryAfter().toSeconds())));
        }
        return response.body(rpcStatus(code, message, encoding));
    }

    /** A {@code google.rpc.Status} (code = 1, message = 2), written by hand: its class is not in the OTLP jar. */
    private static byte[] rpcStatus(int code, String message, Encoding encoding) {
        if (encoding == Encoding.JSON) {
            return JSON_MAPPER.writeValueAsBytes(java.util.Map.of("code", code, "message", message));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeInt32(1, code);
            coded.writeString(2, message);
            coded.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static final class RequestTooLargeException extends IOException {
        RequestTooLargeException(long limit) {
            super("the request is larger than the receiver accepts (" + limit + " bytes, opsplane.otlp.max-request-bytes)");
        }
    }

    private static final class UnsupportedEncodingException extends IOException {
        UnsupportedEncodingException(String message) {
            super(message);
        }
    }
}
