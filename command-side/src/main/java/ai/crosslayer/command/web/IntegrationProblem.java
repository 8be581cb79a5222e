package ai.crosslayer.command.web;

import ai.crosslayer.command.support.Problem;
import ai.crosslayer.command.integration.domain.IntegrationNotFound;
import ai.crosslayer.command.provider.ProviderCallFailed;
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
