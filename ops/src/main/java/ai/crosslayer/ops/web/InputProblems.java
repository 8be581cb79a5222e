package ai.crosslayer.ops.web;

import ai.crosslayer.kernel.Bounds;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A value a command refused because a read model could not store it ({@link Bounds}): 400 problem details naming
 * the field and its limit, on every route at once. Nothing was stored — the command was never built. Issue 11,
 * item 2.
 */
@RestControllerAdvice
class InputProblems {

    @ExceptionHandler(Bounds.Exceeded.class)
    ProblemDetail outOfBounds(Bounds.Exceeded exceeded) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, exceeded.getMessage());
        problem.setTitle("Value out of bounds");
        return problem;
    }
}
