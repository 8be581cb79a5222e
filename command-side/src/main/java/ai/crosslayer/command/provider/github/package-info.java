/**
 * GitHub's API through plain HTTP: the OAuth app ({@link ai.crosslayer.command.provider.github.GitHubOAuth}: the user
 * authorization and deleting a token) apart from what an authorized account holds
 * ({@link ai.crosslayer.command.provider.github.GitHubContents}: its repositories, and files of repositories by paths
 * {@link ai.crosslayer.command.provider.github.RepositoryPaths} lets through).
 */
package ai.crosslayer.command.provider.github;
