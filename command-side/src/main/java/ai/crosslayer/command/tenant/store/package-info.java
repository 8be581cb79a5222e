/**
 * The tenant context's tables: the sign-in keys (kept in the command's transaction) and the list of tenants for
 * work that visits each.
 */
package ai.crosslayer.command.tenant.store;
