package io.opsplane.console.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The last word on any exception no other handler took. Without it an unexpected exception went to the
 * container's error dispatch, which the console's security refused: the caller got 403 with an empty body
 * and the log a stack trace. Now: Spring's own client errors keep their status, anything else is a 500
 * problem logged once at ERROR. Ordered last so the features' own handlers win.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnexpectedProblems {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedProblems.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            // Spring Security answers these (401/403 problems); rethrowing the same exception is silent
            throw e;
        }
        if (e instanceof ErrorResponse known) {
            ProblemDetail body = known.getBody();
            if (known.getStatusCode().is5xxServerError()) {
                log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            } else {
                log.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            }
            // with its headers: Allow on a 405, Accept on a 415
            return ResponseEntity.status(known.getStatusCode()).headers(known.getHeaders())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
        }
        if (e instanceof HttpMessageNotReadableException) {
            log.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return respond(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "Bad request",
                    "the request body is not readable: expected JSON of the documented shape"));
        }
        if (e instanceof TypeMismatchException mismatch) {
            return respond(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "Bad request",
                    "parameter '" + mismatch.getPropertyName() + "' has a value of the wrong type"));
        }
        if (databaseAway(e)) {
            log.warn("{} {}: the database did not answer: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                            "PostgreSQL did not answer; nothing was changed. Try again when it is back."));
        }
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error", "the server could not answer this request; the error is in its log"));
    }

    /** PostgreSQL away: no connection within the pool's timeout, or one that broke (anywhere in the causes). */
    private static boolean databaseAway(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessResourceException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, ProblemDetail body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
