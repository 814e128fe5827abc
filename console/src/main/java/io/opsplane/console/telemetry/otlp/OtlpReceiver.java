package io.opsplane.console.telemetry.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
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
 * <p>Bodies are admitted against {@link OtlpAdmission}'s in-flight byte budget: a request whose claimed
 * length does not fit is refused before a byte of it is read, and the bytes of an admitted one are held in
 * chunks taken from the budget as they arrive (never a buffer sized from what the client claims).
 */
@RestController
class OtlpReceiver {

    private static final Logger log = LoggerFactory.getLogger(OtlpReceiver.class);
    static final String PROTOBUF = OtlpStatus.PROTOBUF;
    static final String JSON = OtlpStatus.JSON;
    /** The unit in which bytes are taken from the budget and held; small enough that a stalled body costs little. */
    static final int CHUNK = 64 * 1024;
    /** When the budget is full: exporters back off this long; requests finish in well under a second. */
    private static final Duration BUDGET_RETRY_AFTER = Duration.ofSeconds(1);
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final OtlpTraceSink traces;
    private final OtlpLogSink logs;
    private final OtlpAdmission admission;
    private final long maxRequestBytes;
    private final Duration bodyTimeout;

    OtlpReceiver(OtlpTraceSink traces, OtlpLogSink logs, OtlpAdmission admission, OtlpProperties properties) {
        this.traces = traces;
        this.logs = logs;
        this.admission = admission;
        // a request larger than the whole budget could never be admitted: refused as too large, not retried forever
        this.maxRequestBytes = Math.min(properties.maxRequestBytes(), admission.budget());
        this.bodyTimeout = properties.bodyTimeout();
    }

    @PostMapping("/v1/traces")
    ResponseEntity<byte[]> traces(HttpServletRequest request) {
        return receive(request, (encoding, body) -> {
            ExportTraceServiceRequest export = encoding == Encoding.PROTOBUF
                    ? ExportTraceServiceRequest.parseFrom(body.bytes()) : OtlpJson.traces(body.input());
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
        return receive(request, (encoding, body) -> {
            ExportLogsServiceRequest export = encoding == Encoding.PROTOBUF
                    ? ExportLogsServiceRequest.parseFrom(body.bytes()) : OtlpJson.logs(body.input());
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
        Message run(Encoding encoding, ReceivedBody body) throws IOException;
    }

    private ResponseEntity<byte[]> receive(HttpServletRequest request, Export export) {
        Encoding encoding = encodingOf(request.getContentType());
        if (encoding == null) {
            // no usable encoding to answer in: the specification's default, a protobuf Status
            return OtlpStatus.response(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '"
                    + request.getContentType() + "'; OTLP/HTTP takes " + PROTOBUF + " or " + JSON);
        }
        long claimed = request.getContentLengthLong();
        if (claimed > maxRequestBytes) {
            return status(HttpStatus.CONTENT_TOO_LARGE, new RequestTooLargeException(maxRequestBytes).getMessage(),
                    encoding, null);
        }
        // refused before its body is read: a claimed length (or, chunked, the first chunk) that the budget cannot hold
        if (!admission.fits(claimed >= 0 ? claimed : CHUNK)) {
            return overBudget(encoding);
        }
        try (ReceivedBody body = new ReceivedBody(admission)) {
            read(request, body);
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType(encoding))
                    .body(write(export.run(encoding, body), encoding));
        } catch (OverBudgetException e) {
            return overBudget(encoding);
        } catch (RequestTooLargeException e) {
            return status(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), encoding, null);
        } catch (BodyTimeoutException e) {
            return status(HttpStatus.REQUEST_TIMEOUT, e.getMessage(), encoding, null);
        } catch (UnsupportedEncodingException e) {
            return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), encoding, null);
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
            if (causedBy(e, SocketTimeoutException.class)) {
                return status(HttpStatus.REQUEST_TIMEOUT, "the request body stopped arriving (opsplane.otlp.read-timeout)",
                        encoding, null);
            }
            return status(HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage(), encoding, null);
        } catch (RuntimeException e) {
            // an exporter still gets a Status it can decode; the cause stays in the log
            log.error("OTLP request to {} failed", request.getRequestURI(), e);
            return status(HttpStatus.INTERNAL_SERVER_ERROR, "the receiver failed to handle this request", encoding, null);
        }
    }

    private ResponseEntity<byte[]> overBudget(Encoding encoding) {
        return status(HttpStatus.TOO_MANY_REQUESTS, "the receiver is holding as many request bytes as it may ("
                + admission.budget() + ", opsplane.otlp.in-flight-bytes); retry later", encoding, BUDGET_RETRY_AFTER);
    }

    /**
     * The body, uncompressed, into {@code body}: refused when larger than allowed before or after decompression,
     * when the budget runs out, or when it takes longer than the body timeout to arrive.
     */
    private void read(HttpServletRequest request, ReceivedBody body) throws IOException {
        String contentEncoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        InputStream in = request.getInputStream();
        boolean gzip = false;
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
            if (!contentEncoding.equalsIgnoreCase("gzip")) {
                throw new UnsupportedEncodingException("unsupported Content-Encoding '" + contentEncoding
                        + "'; gzip is accepted");
            }
            gzip = true;
        }
        long deadline = System.nanoTime() + bodyTimeout.toNanos();
        long claimed = request.getContentLengthLong();
        try (InputStream stream = gzip ? new GZIPInputStream(in, 8 * 1024) : in) {
            while (true) {
                // the last chunk of a body of known length is only as large as what is left of it
                int room = !gzip && claimed >= 0 ? (int) Math.min(CHUNK, Math.max(1, claimed - body.size() + 1)) : CHUNK;
                byte[] chunk = body.chunk(room);
                int filled = 0;
                int n;
                while (filled < chunk.length && (n = stream.read(chunk, filled, chunk.length - filled)) != -1) {
                    filled += n;
                    if (body.size() + filled > maxRequestBytes) {
                        throw new RequestTooLargeException(maxRequestBytes);
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new BodyTimeoutException(bodyTimeout);
                    }
                }
                body.filled(filled);
                if (filled < chunk.length) {
                    return;
                }
            }
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

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A request body as the chunks it arrived in, each taken from the budget before it is allocated and all
     * given back on close. Parsed in place: protobuf from a rope over the chunks, JSON from a stream over them.
     */
    static final class ReceivedBody implements AutoCloseable {
        private final OtlpAdmission admission;
        private final List<byte[]> chunks = new ArrayList<>();
        private long reserved;
        private long size;
        private int lastFilled;

        ReceivedBody(OtlpAdmission admission) {
            this.admission = admission;
        }

        /** A new chunk of {@code length} bytes, taken from the budget first. */
        byte[] chunk(int length) throws OverBudgetException {
            if (!admission.reserve(length)) {
                throw new OverBudgetException();
            }
            reserved += length;
            byte[] chunk = new byte[length];
            chunks.add(chunk);
            return chunk;
        }

        /** How much of the newest chunk was filled. */
        void filled(int bytes) {
            size += bytes;
            lastFilled = bytes;
        }

        long size() {
            return size;
        }

        ByteString bytes() {
            List<ByteString> parts = new ArrayList<>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                byte[] chunk = chunks.get(i);
                parts.add(UnsafeByteOperations.unsafeWrap(chunk, 0, i == chunks.size() - 1 ? lastFilled : chunk.length));
            }
            return ByteString.copyFrom(parts);
        }

        InputStream input() {
            return bytes().newInput();
        }

        @Override
        public void close() {
            admission.release(reserved);
            reserved = 0;
            chunks.clear();
        }
    }

    private static final class RequestTooLargeException extends IOException {
        RequestTooLargeException(long limit) {
            super("the request is larger than the receiver accepts (" + limit + " bytes, opsplane.otlp.max-request-bytes)");
        }
    }

    private static final class OverBudgetException extends IOException {
        OverBudgetException() {
            super("over the in-flight byte budget");
        }
    }

    private static final class BodyTimeoutException extends IOException {
        BodyTimeoutException(Duration timeout) {
            super("the request body took longer than " + timeout.toSeconds() + " s to arrive (opsplane.otlp.body-timeout)");
        }
    }

    private static final class UnsupportedEncodingException extends IOException {
        UnsupportedEncodingException(String message) {
            super(message);
        }
    }
}
