/**
 * The tenant aggregate and the rules that place a person signing in into a tenant: by their
 * membership, their WorkOS organization, or their verified email domain.
 */
package ai.crosslayer.command.tenant;
