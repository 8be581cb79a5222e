package ai.crosslayer.command.integration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request about integrations that cannot go on, as RFC 9457 problem details that say what to do. Nothing was recorded. */
public class IntegrationProblem extends ErrorResponseException {

    public IntegrationProblem(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    public static IntegrationProblem notFound() {
        return new IntegrationProblem(HttpStatus.NOT_FOUND, "Not Found", new IntegrationNotFound().getMessage());
    }

    public static IntegrationProblem providerFailed(ProviderCallFailed failure) {
        return new IntegrationProblem(HttpStatus.BAD_GATEWAY, "Provider call failed",
                failure.getMessage() + ". Nothing was connected; try again in a moment.");
    }
}
