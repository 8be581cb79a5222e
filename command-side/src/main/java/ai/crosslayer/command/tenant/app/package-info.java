/**
 * Placing a person signing in into a tenant: by their membership, their WorkOS organization, or their verified email
 * domain.
 */
package ai.crosslayer.command.tenant.app;
