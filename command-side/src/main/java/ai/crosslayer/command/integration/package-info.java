/**
 * Integrations on the write side: the {@code Integration} aggregate ({@code domain}); connecting, revoking, key
 * rotation and reading connected repositories ({@code app}); the token vault and OAuth states ({@code store}).
 * The admin's routes (installs, disconnect, repository picks) are in {@code web}.
 */
package ai.crosslayer.command.integration;
