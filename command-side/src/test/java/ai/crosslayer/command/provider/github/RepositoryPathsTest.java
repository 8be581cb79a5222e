package ai.crosslayer.command.provider.github;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths that stay inside a repository, and the many spellings of ones that would not. Issue 12, item 1. */
class RepositoryPathsTest {

    @Test
    void pathsThatCouldLeaveTheRepositoryOrAddToTheUrlAreRefused() {
        List<String> refused = List.of("", "../x", "a/../../b", "..", ".", "./a", "a/./b", "a/.", "%2e%2e/x", "%2E%2E/x",
                ".%2e/x", "%252e%252e/x", "%25252e%25252e/x", "a%2f..%2f..%2fb", "..%5cx", "a\\b", "a?ref=main", "a%3fref=main",
                "a#b", "/a", "a//b", "a/", "a\u0000b", "a\tb", "a\u007fb", "a\u0085b", "100%", "%zz", "%c3%28",
                "x".repeat(1025), "é".repeat(513));
        for (String path : refused) {
            assertThat(RepositoryPaths.problem(path)).as(path).isPresent();
        }
        assertThat(RepositoryPaths.problem(null)).isPresent();
    }

    @Test
    void pathsInsideTheRepositoryAreEncodedSegmentBySegment() {
        assertThat(RepositoryPaths.problem("docs/runbook.md")).isEmpty();
        assertThat(RepositoryPaths.problem("x".repeat(1024))).isEmpty();
        assertThat(RepositoryPaths.problem("docs/..hidden/.well-known/a..b")).as("dots inside names are names").isEmpty();
        assertThat(RepositoryPaths.encoded("docs/on call [v2]/ü.md")).isEqualTo("docs/on%20call%20%5Bv2%5D/%C3%BC.md");
        assertThat(RepositoryPaths.encoded("a%20b.md")).as("a literal percent stays literal").isEqualTo("a%2520b.md");
        assertThatThrownBy(() -> RepositoryPaths.encoded("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repositoryNamesAreOwnerSlashName() {
        assertThat(RepositoryPaths.isRepositoryName("acme/runbooks")).isTrue();
        assertThat(RepositoryPaths.isRepositoryName("acme/my.repo_2-x")).isTrue();
        for (String name : List.of("acme", "acme/", "/runbooks", "acme/runbooks/x", "../x", "acme/..", "./x", "acme/a b",
                "acme/a?b", "acme/%2e%2e")) {
            assertThat(RepositoryPaths.isRepositoryName(name)).as(name).isFalse();
        }
    }
}
