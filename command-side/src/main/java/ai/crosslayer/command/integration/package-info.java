/**
 * Integrations on the write side: the {@code Integration} aggregate, revocation (the token deleted in the
 * transaction that records it, the provider told afterwards), and the admin's routes to disconnect and
 * to pick GitHub repositories.
 */
package ai.crosslayer.command.integration;
