package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.SignInMethod;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantStampedAppendTest {

    @Test
    void theTenantColumnIsTakenFromTheEventItself() {
        TenantId acme = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
        var event = GenericEventMessage.asEventMessage(
                new MemberSignedIn(acme, "user_ada", SignInMethod.WORKOS, null, Instant.EPOCH));
        assertThat(TenantStampedAppend.tenantOf(event)).isEqualTo(acme.value());
    }

    @Test
    void anEventThatNamesNoTenantIsRefused() {
        assertThatThrownBy(() -> TenantStampedAppend.tenantOf(GenericEventMessage.asEventMessage("no tenant here")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be TenantScoped");
    }
}
