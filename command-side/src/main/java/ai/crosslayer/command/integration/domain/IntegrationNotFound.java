package ai.crosslayer.command.integration.domain;

/**
 * No integration of the caller's tenant has this id. Another tenant's integration is reported the same
 * way: a cross-tenant attempt learns nothing.
 */
public class IntegrationNotFound extends RuntimeException {

    public IntegrationNotFound() {
        super("No integration of this account has that id.");
    }
}
