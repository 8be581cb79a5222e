/**
 * Placing a person signing in into a tenant (by their membership, their WorkOS organization, or their verified email
 * domain), and their sessions: the signed cookie and the server-side row that makes it count.
 */
package ai.crosslayer.command.tenant.app;
