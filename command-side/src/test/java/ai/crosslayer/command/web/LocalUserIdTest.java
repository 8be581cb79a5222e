package ai.crosslayer.command.web;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18.6: the local profile's dev sign-in gives opaque user ids, stable per address and key. */
class LocalUserIdTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another session key of 32 bytes!".getBytes());

    @Test
    void theSameAddressInAnyCaseIsTheSameOpaqueId() {
        String id = SignInRoutes.localUserId(KEY, "Ada@Example.com");
        assertThat(id).matches("local_[0-9a-f]{32}").doesNotContainIgnoringCase("ada").doesNotContain("example");
        assertThat(SignInRoutes.localUserId(KEY, "ada@example.com")).isEqualTo(id);
    }

    @Test
    void anotherAddressOrAnotherServerKeyGivesAnotherId() {
        String id = SignInRoutes.localUserId(KEY, "ada@example.com");
        assertThat(SignInRoutes.localUserId(KEY, "bob@example.com")).isNotEqualTo(id);
        assertThat(SignInRoutes.localUserId(OTHER_KEY, "ada@example.com")).isNotEqualTo(id);
    }
}
