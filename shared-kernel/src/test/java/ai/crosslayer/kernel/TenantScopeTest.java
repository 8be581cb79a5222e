package ai.crosslayer.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantScopeTest {

    private static final TenantId A = new TenantId("aaaaaaaa-0000-4000-8000-000000000001");
    private static final TenantId B = new TenantId("bbbbbbbb-0000-4000-8000-000000000002");

    @Test
    void aScopeIsInForceOnlyWhileItsWorkRuns() {
        assertThat(TenantScope.current()).isEmpty();
        assertThat(TenantScope.call(A, TenantScope::current)).contains(A);
        assertThat(TenantScope.current()).isEmpty();
    }

    @Test
    void anotherTenantsScopeCannotBeEnteredFromInsideOne() {
        assertThatThrownBy(() -> TenantScope.run(A, () -> TenantScope.run(B, () -> { })))
                .isInstanceOf(IllegalStateException.class);
        TenantScope.run(A, () -> TenantScope.run(A, () -> assertThat(TenantScope.current()).contains(A)));
    }

    @Test
    void crossTenantWorkHasNoTenantAndCannotStartInsideATenantsScope() {
        assertThat(TenantScope.crossTenant(() -> TenantScope.isCrossTenant() && TenantScope.current().isEmpty())).isTrue();
        assertThat(TenantScope.isCrossTenant()).isFalse();
        assertThatThrownBy(() -> TenantScope.run(A, () -> TenantScope.crossTenant(() -> null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCapturedScopeCanBeRestoredOnAnotherThread() throws Exception {
        TenantScope.Snapshot captured = TenantScope.call(A, TenantScope::capture);
        TenantId[] seen = new TenantId[1];
        Thread worker = new Thread(() -> {
            TenantScope.restore(captured);
            seen[0] = TenantScope.current().orElse(null);
            TenantScope.restore(null);
        });
        worker.start();
        worker.join();
        assertThat(seen[0]).isEqualTo(A);
    }
}
