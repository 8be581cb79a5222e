/**
 * Integration use cases: connecting (the token sealed and the connection recorded in one transaction), revoking
 * (the token deleted with the revocation, the provider told after commit), master key rotation, and reading files
 * of connected repositories.
 */
package ai.crosslayer.command.integration.app;
