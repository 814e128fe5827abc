package io.opsplane.console.telemetry.otlp;

import java.io.IOException;
import java.time.Duration;
import java.util.zip.ZipException;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opsplane.console.telemetry.TelemetryBusyException;
import io.opsplane.console.telemetry.TelemetryRefusedException;
import io.opsplane.console.telemetry.TelemetryUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Spans that arrive in another format (Zipkin, Jaeger Thrift) and are stored as OTLP's are: the body read within
 * the shared budget, converted, exported; answered as those collectors answer, 202 with no body, or a status with
 * a plain-text reason (400 for what cannot be decoded, 413/415/429/408/503 with {@code Retry-After} where it helps).
 */
@Component
public class ConvertedSpanIntake {

    private static final Logger log = LoggerFactory.getLogger(ConvertedSpanIntake.class);

    private final IntakeBodies bodies;
    private final OtlpTraceSink traces;

    ConvertedSpanIntake(IntakeBodies bodies, OtlpTraceSink traces) {
        this.bodies = bodies;
        this.traces = traces;
    }

    /** Decodes a body into OTLP; throws {@link IllegalArgumentException} or an {@link IOException} for a bad one. */
    public interface Converter {
        ExportTraceServiceRequest convert(IntakeBodies.Body body) throws IOException;
    }

    /** Receives one request in {@code format} (named in the 400 answer for a body that cannot be decoded). */
    public ResponseEntity<String> receive(HttpServletRequest request, String format, Converter converter) {
        try {
            ExportOutcome outcome = bodies.read(request, body -> traces.export(converter.convert(body)));
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
            return answer(HttpStatus.BAD_REQUEST, "cannot decode the request body as " + format + ": " + e.getMessage(),
                    null);
        } catch (TelemetryBusyException e) {
            return answer(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfter());
        } catch (TelemetryUnavailableException e) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e.retryAfter());
        } catch (IOException e) {
            return answer(HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            log.error("{} request to {} failed", format, request.getRequestURI(), e);
            return answer(HttpStatus.INTERNAL_SERVER_ERROR, "the receiver failed to handle this request", null);
        }
    }

    /** A plain-text answer, as Zipkin's and Jaeger's collectors give. */
    public static ResponseEntity<String> answer(HttpStatus status, String message, Duration retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return response.body(message + "\n");
    }
}
