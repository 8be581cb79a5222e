package ai.crosslayer.command.integration.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vault's sealed boxes: what one key seals, only it opens; a retired key is named, never shown. Issue #5. */
class MasterKeysTest {

    private static final byte[] TOKEN = "fake-bot-token-for-sealing-tests".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedTokenOpensWithItsKeyOnlyAndIsNeverTheSameBytesTwice() {
        MasterKeys keys = new MasterKeys(MasterKeys.generate(), List.of());
        byte[] first = keys.seal(TOKEN);
        byte[] second = keys.seal(TOKEN);
        assertThat(first).isNotEqualTo(second).hasSize(TOKEN.length + 48);
        assertThat(keys.open(keys.currentKeyId(), first)).isEqualTo(TOKEN);

        MasterKeys other = new MasterKeys(MasterKeys.generate(), List.of());
        assertThatThrownBy(() -> other.open(keys.currentKeyId(), first)).isInstanceOf(MasterKeyRetired.class);
    }

    @Test
    void afterARotationThePreviousKeyStillOpensAndTheNewOneSeals() {
        String old = MasterKeys.generate();
        MasterKeys before = new MasterKeys(old, List.of());
        byte[] sealedBefore = before.seal(TOKEN);

        MasterKeys during = new MasterKeys(MasterKeys.generate(), List.of(old));
        assertThat(during.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(during.keyIds()).containsExactly(during.currentKeyId(), before.currentKeyId());
        assertThat(during.open(before.currentKeyId(), sealedBefore)).isEqualTo(TOKEN);
        assertThat(during.open(during.currentKeyId(), during.seal(TOKEN))).isEqualTo(TOKEN);
    }

    @Test
    void openingUnderARetiredKeySaysWhichKeyAndWhatToDoWithoutKeyMaterial() {
        String old = MasterKeys.generate();
        MasterKeys before = new MasterKeys(old, List.of());
        byte[] sealed = before.seal(TOKEN);
        MasterKeys after = new MasterKeys(MasterKeys.generate(), List.of());

        assertThatThrownBy(() -> after.open(before.currentKeyId(), sealed))
                .isInstanceOf(MasterKeyRetired.class)
                .hasMessageContaining(before.currentKeyId())
                .hasMessageContaining("CROSSLAYER_MASTER_KEY_PREVIOUS")
                .message().doesNotContain(old);
        assertThat(after.toString()).doesNotContain(old);
    }

    @Test
    void anAlteredSealedTokenDoesNotOpen() {
        MasterKeys keys = new MasterKeys(MasterKeys.generate(), List.of());
        byte[] sealed = keys.seal(TOKEN);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> keys.open(keys.currentKeyId(), sealed)).hasMessageContaining("does not open");
    }

    @Test
    void aMalformedKeyIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> new MasterKeys("c2hvcnQ=", List.of()))
                .hasMessageContaining("exactly 32 bytes").message().doesNotContain("c2hvcnQ=");
    }
}
