package io.opsplane.console.telemetry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Telemetry that cannot be had right now, as a problem that says so and when to try again: 429 when
 * Elasticsearch is busy, 503 when it is away or failing (as mapped by {@code telemetry.es.Elasticsearch}). A
 * search Elasticsearch refuses is a {@link TelemetryRefusedException}, an {@link IllegalArgumentException}
 * answered 400 with its reason by the API's problem handler (and by the Jaeger API in its own shape).
 */
@RestControllerAdvice
class TelemetryProblems {

    @ExceptionHandler(TelemetryUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(TelemetryUnavailableException e) {
        boolean busy = e instanceof TelemetryBusyException;
        HttpStatus status = busy ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage()
                + (busy ? "" : ". Traces and logs are unavailable; saga data is still live."));
        problem.setTitle(busy ? "Telemetry busy" : "Telemetry unavailable");
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem);
    }
}
