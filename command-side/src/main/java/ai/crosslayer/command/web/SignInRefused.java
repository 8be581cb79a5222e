package ai.crosslayer.command.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A sign-in that cannot go on; rendered as RFC 9457 problem details, and nothing is recorded. */
class SignInRefused extends ErrorResponseException {

    SignInRefused(HttpStatusCode status, String detail) {
        super(status, problem(status, detail), null);
    }

    private static ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Sign-in refused");
        return problem;
    }
}
