package io.opsplane.console.compensation;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An action the saga or the rules do not allow: a 409 problem naming every reason; an unknown target: 404. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CompensationProblems {

    @ExceptionHandler(ActionRefusedException.class)
    ProblemDetail refused(ActionRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Action refused");
        problem.setProperty("problems", e.problems());
        return problem;
    }

    @ExceptionHandler(UnknownTargetException.class)
    ProblemDetail unknown(UnknownTargetException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }
}
