package io.opsplane.console.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the REST API as RFC 9457 problem details, with a detail a person can act on. Ordered
 * first so its wording wins over Spring's generic "Failed to convert" for the same exceptions.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler {

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    /** More specific than {@link NotFoundException}, so it wins: exporters get a google.rpc.Status, not a problem. */
    @ExceptionHandler(UnknownPaths.UnknownOtlpPath.class)
    ResponseEntity<byte[]> unknownOtlpPath(UnknownPaths.UnknownOtlpPath e, HttpServletRequest request) {
        return OtlpStatus.response(request, HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        String detail = "parameter '" + e.getName() + "' cannot be '" + e.getValue() + "'";
        Class<?> type = e.getRequiredType();
        if (type != null && type.isEnum()) {
            detail += "; expected one of " + java.util.Arrays.toString(type.getEnumConstants());
        } else if (type != null) {
            detail += "; expected " + switch (type.getSimpleName()) {
                case "Instant" -> "an ISO-8601 time such as 2026-11-24T10:15:30Z";
                case "Duration" -> "an ISO-8601 duration such as PT15M";
                default -> "a " + type.getSimpleName();
            };
        }
        return problem(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
