package ai.crosslayer.command.signal.app;

import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A signal's text is built from skill names and paths: it reaches Slack escaped, once. Issue 12, item 7. */
class SignalCardsTest {

    private static final SignalId ID = SignalId.of("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f", SignalKind.SKILL_DRIFT, "s");

    @Test
    void aSignalsTextIsEscapedOnItsCardAndInItsFallback() {
        String text = ":memo: learned from acme/x/<!channel>.md & <https://evil.test|docs>";
        assertThat(SignalCards.open(ID, text)).doesNotContain("<!channel>", "<https://evil")
                .contains(":memo: learned from acme/x/&lt;!channel&gt;.md &amp; &lt;https://evil.test|docs&gt;");
        assertThat(SignalCards.fallback(text)).isEqualTo(":memo: learned from acme/x/&lt;!channel&gt;.md &amp; &lt;https://evil.test|docs&gt;");
    }

    @Test
    void theAcknowledgedCardKeepsTheTextSlackSentBackWhichIsAlreadyEscaped() {
        String echoed = "learned from acme/x/&lt;!channel&gt;.md";
        assertThat(SignalCards.acknowledged(echoed, "U0ADA")).contains(echoed).doesNotContain("&amp;lt;")
                .contains("Acknowledged by <@U0ADA>");
    }
}
