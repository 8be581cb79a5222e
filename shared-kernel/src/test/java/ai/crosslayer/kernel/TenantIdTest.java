package ai.crosslayer.kernel;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIdTest {

    @Test
    void isItsBareValueWhereverItIsPrinted() {
        UUID uuid = UUID.fromString("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
        assertThat(TenantId.of(uuid).toString()).isEqualTo("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    }

    @Test
    void refusesAnythingButALowercaseUuid() {
        assertThatThrownBy(() -> new TenantId("acme")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantId("3F2B8C1E-0D4A-4E7B-9C55-1A2B3C4D5E6F"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantId(null)).isInstanceOf(NullPointerException.class);
    }
}
