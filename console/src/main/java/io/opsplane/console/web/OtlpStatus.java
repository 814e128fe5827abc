package io.opsplane.console.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors under {@code /v1/*} as OTLP/HTTP requires: every 4xx and 5xx body is a {@code google.rpc.Status}
 * in the request's encoding (JSON for {@code application/json}, binary protobuf otherwise, which also covers
 * a request whose content type is unusable, as the specification's "Failures" section makes protobuf the
 * default). Shared by the receiver, the unknown-path handler and the security chain's 401/403/429, so an
 * exporter never gets a problem+json body or an HTML page it cannot decode.
 */
public final class OtlpStatus {

    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";
    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

    private OtlpStatus() {
    }

    /** Whether the request is for the OTLP receiver's paths. */
    public static boolean isOtlp(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    /** JSON when the request is OTLP/JSON; protobuf for everything else. */
    public static boolean json(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null
                && contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(JSON);
    }

    /** The answer as a response entity, for controllers and exception handlers. */
    public static ResponseEntity<byte[]> response(HttpServletRequest request, HttpStatus status, String message) {
        boolean json = json(request);
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, json ? JSON : PROTOBUF)
                .body(body(code(status), message, json));
    }

    /** The answer written straight to the response, for servlet filters (the security chain). */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             String message) throws IOException {
        boolean json = json(request);
        response.setStatus(status.value());
        response.setContentType(json ? JSON : PROTOBUF);
        response.getOutputStream().write(body(code(status), message, json));
    }

    /** A {@code google.rpc.Status} (code = 1, message = 2), written by hand: its class is not in the OTLP jar. */
    public static byte[] body(int code, String message, boolean json) {
        if (json) {
            return JSON_MAPPER.writeValueAsBytes(Map.of("code", code, "message", message));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeInt32(1, code);
            coded.writeString(2, message);
            coded.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code google.rpc.Code} closest to an HTTP status (OTLP clients go by the HTTP status; this is for logs). */
    public static int code(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, CONTENT_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> 3; // INVALID_ARGUMENT
            case REQUEST_TIMEOUT -> 4; // DEADLINE_EXCEEDED
            case NOT_FOUND -> 5; // NOT_FOUND
            case FORBIDDEN -> 7; // PERMISSION_DENIED
            case TOO_MANY_REQUESTS -> 8; // RESOURCE_EXHAUSTED
            case METHOD_NOT_ALLOWED, NOT_IMPLEMENTED -> 12; // UNIMPLEMENTED
            case SERVICE_UNAVAILABLE -> 14; // UNAVAILABLE
            case UNAUTHORIZED -> 16; // UNAUTHENTICATED
            default -> status.is4xxClientError() ? 3 : 13; // INVALID_ARGUMENT or INTERNAL
        };
    }
}
