package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantScoped;

/**
 * Everything that happens to an integration. No event carries a token or its ciphertext, only the
 * token's fingerprint. Stored type names are public API: never rename these records.
 */
public sealed interface IntegrationEvent extends TenantScoped
        permits SlackWorkspaceConnected, GitHubAccountConnected, GitHubRepositoryConnected,
        GitHubRepositoryDisconnected, IntegrationRevoked, ProviderRevocationSucceeded, ProviderRevocationFailed {

    IntegrationId integrationId();
}
