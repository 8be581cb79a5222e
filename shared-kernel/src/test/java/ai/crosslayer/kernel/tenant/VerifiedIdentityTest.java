package ai.crosslayer.kernel.tenant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedIdentityTest {

    @Test
    void lowercasesTheEmailAndKnowsItsDomain() {
        VerifiedIdentity who = new VerifiedIdentity("user_01", "Ada@Example.COM", true, " ", SignInMethod.WORKOS);
        assertThat(who.email()).isEqualTo("ada@example.com");
        assertThat(who.emailDomain()).isEqualTo("example.com");
        assertThat(who.organizationId()).as("a blank organization is no organization").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "a da@example.com",
            "ada@-example.com", "ada@example..com", "a\u0000da@example.com", "ada\u0007@example.com"})
    void refusesAMalformedEmail(String email) {
        assertThat(VerifiedIdentity.isWellFormedEmail(email)).isFalse();
        assertThatThrownBy(() -> new VerifiedIdentity("user_01", email, true, null, SignInMethod.WORKOS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an email address");
    }

    @Test
    void refusesAnIdentityWithoutAUserId() {
        assertThatThrownBy(() -> new VerifiedIdentity(" ", "ada@example.com", true, null, SignInMethod.WORKOS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
