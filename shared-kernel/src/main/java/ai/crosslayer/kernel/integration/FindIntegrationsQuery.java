package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/** Every integration of the tenant, connected or revoked, newest first. Answers a list of {@link IntegrationView}. */
public record FindIntegrationsQuery(TenantId tenantId) implements TenantScoped {
}
