package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/** One integration of the tenant. Answers an optional {@link IntegrationView}. */
public record FindIntegrationQuery(TenantId tenantId, IntegrationId integrationId) implements TenantScoped {
}
