package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.integration.store.MasterKeyRetired;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.SecretToken;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A revocation recorded deletes its token, and hands it to the provider revocation when the reason says so. Issue #5, #13. */
class TokenRevocationTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final IntegrationId SLACK = new IntegrationId("5c1a0d2e-1111-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");
    private static final SecretToken TOKEN = new SecretToken("fake-bot-token-for-aggregate-tests");

    private final TokenVault vault = mock(TokenVault.class);
    private final ProviderRevocations provider = mock(ProviderRevocations.class);
    private final TokenRevocation revocation = new TokenRevocation(vault, provider);

    private static IntegrationRevoked revoked(RevocationReason reason) {
        return new IntegrationRevoked(ACME, SLACK, Provider.SLACK, reason, TOKEN.fingerprint(), "user_ada", AT);
    }

    @Test
    void revokingOpensThenDeletesTheTokenAndAsksTheProviderAfterCommit() {
        when(vault.open(ACME, SLACK)).thenReturn(Optional.of(TOKEN));
        revocation.on(revoked(RevocationReason.DISCONNECTED_BY_ADMIN));
        InOrder order = inOrder(vault, provider);
        order.verify(vault).open(ACME, SLACK);
        order.verify(vault).delete(ACME, SLACK);
        order.verify(provider).afterCommit(ACME, SLACK, Provider.SLACK, TOKEN);
    }

    @Test
    void whenSlackRevokedItFirstNobodyAsksSlackAgain() {
        revocation.on(revoked(RevocationReason.APP_UNINSTALLED));
        verify(vault).delete(ACME, SLACK);
        verify(vault, never()).open(any(), any());
        verify(provider, never()).afterCommit(any(), any(), any(), any());
    }

    @Test
    void aTokenSealedUnderARetiredKeyIsStillDeletedAndTheFailureRecorded() throws Exception {
        Constructor<MasterKeyRetired> retired = MasterKeyRetired.class.getDeclaredConstructor(String.class);
        retired.setAccessible(true);
        when(vault.open(ACME, SLACK)).thenThrow(retired.newInstance("00aa11bb22cc33dd"));
        revocation.on(revoked(RevocationReason.DISCONNECTED_BY_ADMIN));
        verify(vault).delete(ACME, SLACK);
        verify(provider).afterCommitRecordFailure(eq(ACME), eq(SLACK), eq(Provider.SLACK), any());
        verify(provider, never()).afterCommit(any(), any(), any(), any());
    }
}
