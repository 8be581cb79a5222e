package ai.crosslayer.command.integration.domain;

import ai.crosslayer.command.integration.store.MasterKeyRetired;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.integration.app.ProviderRevocations;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.integration.ConnectSlackWorkspaceCommand;
import ai.crosslayer.kernel.integration.GitHubAccountConnected;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.GitHubRepositoryConnected;
import ai.crosslayer.kernel.integration.GitHubRepositoryDisconnected;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.ProviderRevocationSucceeded;
import ai.crosslayer.kernel.integration.RecordProviderRevocationCommand;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.RevokeIntegrationCommand;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.integration.SelectGitHubRepositoriesCommand;
import ai.crosslayer.kernel.integration.SlackWorkspaceConnected;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The Integration aggregate: the vault is written by the command that records it; revoked stays revoked. Issue #5. */
class IntegrationTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final TenantId OTHER = new TenantId("9a8b7c6d-0000-4000-8000-000000000002");
    private static final IntegrationId SLACK = new IntegrationId("5c1a0d2e-1111-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");
    private static final SecretToken TOKEN = new SecretToken("fake-bot-token-for-aggregate-tests");
    private static final List<String> SCOPES = List.of("app_mentions:read", "chat:write");

    private FixtureConfiguration<Integration> fixture;
    private TokenVault vault;
    private ProviderRevocations provider;

    @BeforeEach
    void setUp() {
        vault = mock(TokenVault.class);
        provider = mock(ProviderRevocations.class);
        fixture = new AggregateTestFixture<>(Integration.class);
        fixture.registerInjectableResource(vault);
        fixture.registerInjectableResource(provider);
    }

    private static SlackWorkspaceConnected connected() {
        return new SlackWorkspaceConnected(ACME, SLACK, "T0ACME", "Acme", "U0BOT", SCOPES, TOKEN.fingerprint(), "user_ada", AT);
    }

    @Test
    void connectingSealsTheTokenAndRecordsOnlyItsFingerprint() {
        fixture.givenNoPriorActivity()
                .when(new ConnectSlackWorkspaceCommand(ACME, SLACK, "T0ACME", "Acme", "U0BOT", SCOPES, TOKEN, "user_ada", AT))
                .expectEvents(connected());
        verify(vault).store(ACME, SLACK, Provider.SLACK, "T0ACME", TOKEN);
    }

    @Test
    void revokingDeletesTheTokenAndAsksTheProviderAfterCommit() {
        when(vault.open(ACME, SLACK)).thenReturn(Optional.of(TOKEN));
        fixture.given(connected())
                .when(new RevokeIntegrationCommand(ACME, SLACK, RevocationReason.DISCONNECTED_BY_ADMIN, "user_ada", AT))
                .expectEvents(new IntegrationRevoked(ACME, SLACK, Provider.SLACK, RevocationReason.DISCONNECTED_BY_ADMIN,
                        TOKEN.fingerprint(), "user_ada", AT))
                .expectResultMessagePayload(true);
        verify(vault).delete(ACME, SLACK);
        verify(provider).afterCommit(ACME, SLACK, Provider.SLACK, TOKEN);
    }

    @Test
    void whenSlackRevokedItFirstNobodyAsksSlackAgain() {
        fixture.given(connected())
                .when(new RevokeIntegrationCommand(ACME, SLACK, RevocationReason.APP_UNINSTALLED, "slack", AT))
                .expectEvents(new IntegrationRevoked(ACME, SLACK, Provider.SLACK, RevocationReason.APP_UNINSTALLED,
                        TOKEN.fingerprint(), "slack", AT));
        verify(vault).delete(ACME, SLACK);
        verify(vault, never()).open(any(), any());
        verify(provider, never()).afterCommit(any(), any(), any(), any());
    }

    @Test
    void aTokenSealedUnderARetiredKeyIsStillDeletedAndTheFailureRecorded() throws Exception {
        Constructor<MasterKeyRetired> retired = MasterKeyRetired.class.getDeclaredConstructor(String.class);
        retired.setAccessible(true);
        when(vault.open(ACME, SLACK)).thenThrow(retired.newInstance("00aa11bb22cc33dd"));
        fixture.given(connected())
                .when(new RevokeIntegrationCommand(ACME, SLACK, RevocationReason.DISCONNECTED_BY_ADMIN, "user_ada", AT))
                .expectEvents(new IntegrationRevoked(ACME, SLACK, Provider.SLACK, RevocationReason.DISCONNECTED_BY_ADMIN,
                        TOKEN.fingerprint(), "user_ada", AT));
        verify(vault).delete(ACME, SLACK);
        verify(provider).afterCommitRecordFailure(any(), any(), any(), any());
    }

    @Test
    void revokingTwiceChangesNothingTheSecondTime() {
        fixture.given(connected(), new IntegrationRevoked(ACME, SLACK, Provider.SLACK,
                        RevocationReason.DISCONNECTED_BY_ADMIN, TOKEN.fingerprint(), "user_ada", AT))
                .when(new RevokeIntegrationCommand(ACME, SLACK, RevocationReason.TOKENS_REVOKED, "slack", AT))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        verify(vault, never()).delete(any(), any());
    }

    @Test
    void anotherTenantsCommandFindsNothing() {
        fixture.given(connected())
                .when(new RevokeIntegrationCommand(OTHER, SLACK, RevocationReason.DISCONNECTED_BY_ADMIN, "user_eve", AT))
                .expectException(IntegrationNotFound.class)
                .expectNoEvents();
        verify(vault, never()).delete(any(), any());
    }

    @Test
    void aRevokedIntegrationCannotBeConnectedAgain() {
        fixture.given(connected(), new IntegrationRevoked(ACME, SLACK, Provider.SLACK,
                        RevocationReason.APP_UNINSTALLED, TOKEN.fingerprint(), "slack", AT))
                .when(new ConnectSlackWorkspaceCommand(ACME, SLACK, "T0ACME", "Acme", "U0BOT", SCOPES, TOKEN, "user_ada", AT))
                .expectException(IllegalStateException.class);
    }

    @Test
    void theProviderOutcomeIsRecordedOnce() {
        IntegrationRevoked revoked = new IntegrationRevoked(ACME, SLACK, Provider.SLACK,
                RevocationReason.DISCONNECTED_BY_ADMIN, TOKEN.fingerprint(), "user_ada", AT);
        fixture.given(connected(), revoked)
                .when(new RecordProviderRevocationCommand(ACME, SLACK, true, 2, null, AT))
                .expectEvents(new ProviderRevocationSucceeded(ACME, SLACK, Provider.SLACK, 2, AT));
        fixture.given(connected(), revoked, new ProviderRevocationSucceeded(ACME, SLACK, Provider.SLACK, 2, AT))
                .when(new RecordProviderRevocationCommand(ACME, SLACK, false, 1, "late", AT))
                .expectNoEvents();
    }

    @Test
    void pickingRepositoriesRecordsWhatWasAddedAndWhatWasRemoved() {
        IntegrationId github = new IntegrationId("5c1a0d2e-2222-4000-8000-000000000002");
        fixture.given(new GitHubAccountConnected(ACME, github, 42, "ada", TOKEN.fingerprint(), "user_ada", AT),
                        new GitHubRepositoryConnected(ACME, github, 1, "acme/old", "user_ada", AT))
                .when(new SelectGitHubRepositoriesCommand(ACME, github, List.of(new GitHubRepository(2, "acme/new")), "user_ada", AT))
                .expectEvents(new GitHubRepositoryDisconnected(ACME, github, 1, "acme/old", "user_ada", AT),
                        new GitHubRepositoryConnected(ACME, github, 2, "acme/new", "user_ada", AT));
    }
}
