/**
 * Integrations: a tenant's connections to Slack workspaces and GitHub accounts, whose OAuth tokens are
 * sealed in a vault outside the event store, and which an admin (or the provider) can revoke at once.
 */
package ai.crosslayer.kernel.integration;
