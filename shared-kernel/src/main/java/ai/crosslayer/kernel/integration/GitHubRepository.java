package ai.crosslayer.kernel.integration;

/** A repository as GitHub names it: its stable numeric id and its {@code owner/name}. */
public record GitHubRepository(long id, String fullName) {
}
