package ai.crosslayer.command.integration;

import ai.crosslayer.command.Problem;
import org.springframework.http.HttpStatus;

/** A request about integrations that cannot go on, as RFC 9457 problem details that say what to do. Nothing was recorded. */
public class IntegrationProblem extends Problem {

    public IntegrationProblem(HttpStatus status, String title, String detail) {
        super(status, title, detail);
    }

    public static IntegrationProblem notFound() {
        return new IntegrationProblem(HttpStatus.NOT_FOUND, "Not Found", new IntegrationNotFound().getMessage());
    }

    public static IntegrationProblem providerFailed(ProviderCallFailed failure) {
        return new IntegrationProblem(HttpStatus.BAD_GATEWAY, "Provider call failed",
                failure.getMessage() + ". Nothing was connected; try again in a moment.");
    }
}
