/**
 * GitHub on the write side: the GitHub App's user authorization (OAuth), the repositories an account can
 * see, the files of connected repositories, and deleting a token at GitHub.
 */
package ai.crosslayer.command.provider.github;
