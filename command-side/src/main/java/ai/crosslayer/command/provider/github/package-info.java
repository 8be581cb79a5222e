/**
 * GitHub's API through plain HTTP: the user authorization (OAuth), the repositories an account can see, files of
 * repositories (by paths {@link ai.crosslayer.command.provider.github.RepositoryPaths} lets through), and deleting a
 * token at GitHub.
 */
package ai.crosslayer.command.provider.github;
