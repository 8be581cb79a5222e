package ai.crosslayer.kernel.integration;

/** Why an integration's token was deleted. Stored in events by name: never rename a constant. */
public enum RevocationReason {
    /** An admin disconnected it; CrossLayer then asks the provider to revoke the token too. */
    DISCONNECTED_BY_ADMIN(true),
    /** Slack said the app was uninstalled from the workspace: the token is already dead there. */
    APP_UNINSTALLED(false),
    /** Slack said the token was revoked: it is already dead there. */
    TOKENS_REVOKED(false),
    /** The tenant was offboarded (issue 18): every integration goes, and the provider is asked to revoke the token. */
    TENANT_OFFBOARDED(true);

    private final boolean providerMustBeTold;

    RevocationReason(boolean providerMustBeTold) {
        this.providerMustBeTold = providerMustBeTold;
    }

    /** Whether CrossLayer still has to ask the provider to revoke the token. */
    public boolean providerMustBeTold() {
        return providerMustBeTold;
    }
}
