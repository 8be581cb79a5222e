package ai.crosslayer.command.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request that cannot go on, answered as RFC 9457 problem details: a status, a title, and a detail that says what to do. */
public class Problem extends ErrorResponseException {

    public Problem(HttpStatus status, String title, String detail) {
        super(status, details(status, title, detail), null);
    }

    private static ProblemDetail details(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
