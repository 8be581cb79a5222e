package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: a session's CSRF token is bound to that session and to our key, and compared exactly. */
class CsrfTokensTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of thirty-two bytes!".getBytes());
    private final CsrfTokens tokens = new CsrfTokens(KEY);

    @Test
    void eachSessionHasItsOwnTokenWhichOnlyTheKeyMakes() {
        String session = "v2.tenant.user.1764000000.session-one.mac";
        assertThat(tokens.of(session)).isEqualTo(tokens.of(session)).hasSize(43);
        assertThat(tokens.of("v2.tenant.user.1764000000.session-two.mac")).isNotEqualTo(tokens.of(session));
        assertThat(new CsrfTokens(OTHER_KEY).of(session)).isNotEqualTo(tokens.of(session));
    }

    @Test
    void onlyTheExactTokenOfTheSessionMatches() {
        String session = "v2.tenant.user.1764000000.session-one.mac";
        String token = tokens.of(session);
        assertThat(tokens.matches(session, token)).isTrue();
        assertThat(tokens.matches(session, null)).isFalse();
        assertThat(tokens.matches(session, "")).isFalse();
        assertThat(tokens.matches(session, token + "=")).as("another spelling").isFalse();
        assertThat(tokens.matches(session, token.substring(1))).isFalse();
        assertThat(tokens.matches("v2.tenant.user.1764000000.session-two.mac", token)).as("another session's").isFalse();
    }
}
