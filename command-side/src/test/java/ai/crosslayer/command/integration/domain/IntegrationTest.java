package ai.crosslayer.command.integration.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.integration.ConnectGitHubAccountCommand;
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

import java.time.Instant;
import java.util.List;


/** The Integration aggregate decides and records, touching no vault (issue 13); revoked stays revoked. Issue #5. */
class IntegrationTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final TenantId OTHER = new TenantId("9a8b7c6d-0000-4000-8000-000000000002");
    private static final IntegrationId SLACK = new IntegrationId("5c1a0d2e-1111-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");
    private static final SecretToken TOKEN = new SecretToken("fake-bot-token-for-aggregate-tests");
    private static final List<String> SCOPES = List.of("app_mentions:read", "chat:write");

    private FixtureConfiguration<Integration> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Integration.class);
    }

    @Test
    void connectingAGitHubAccountRecordsOnlyTheTokensFingerprint() {
        IntegrationId github = new IntegrationId("5c1a0d2e-2222-4000-8000-000000000002");
        fixture.givenNoPriorActivity()
                .when(new ConnectGitHubAccountCommand(ACME, github, 42, "ada", TOKEN.fingerprint(), "user_ada", AT))
                .expectEvents(new GitHubAccountConnected(ACME, github, 42, "ada", TOKEN.fingerprint(), "user_ada", AT));
    }

    private static SlackWorkspaceConnected connected() {
        return new SlackWorkspaceConnected(ACME, SLACK, "T0ACME", "Acme", "U0BOT", SCOPES, TOKEN.fingerprint(), "user_ada", AT);
    }

    @Test
    void connectingRecordsOnlyTheTokensFingerprint() {
        fixture.givenNoPriorActivity()
                .when(new ConnectSlackWorkspaceCommand(ACME, SLACK, "T0ACME", "Acme", "U0BOT", SCOPES, TOKEN.fingerprint(),
                        "user_ada", AT))
                .expectEvents(connected());
    }

    @Test
    void revokingIsRecordedOnceWithTheFingerprintOfTheTokenItEnds() {
        fixture.given(connected())
                .when(new RevokeIntegrationCommand(ACME, SLACK, RevocationReason.DISCONNECTED_BY_ADMIN, "user_ada", AT))
                .expectEvents(new IntegrationRevoked(ACME, SLACK, Provider.SLACK, RevocationReason.DISCONNECTED_BY_ADMIN,
                        TOKEN.fingerprint(), "user_ada", AT))
                .expectResultMessagePayload(true);
    }

    @Test
    void revokingTwiceChangesNothingTheSecondTime() {
        fixture.given(connected(), new IntegrationRevoked(ACME, SLACK, Provider.SLACK,
                        RevocationReason.DISCONNECTED_BY_ADMIN, TOKEN.fingerprint(), "user_ada", AT))
                .when(new RevokeIntegrationCommand(ACME, SLACK, RevocationReason.TOKENS_REVOKED, "slack", AT))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anotherTenantsCommandFindsNothing() {
        fixture.given(connected())
                .when(new RevokeIntegrationCommand(OTHER, SLACK, RevocationReason.DISCONNECTED_BY_ADMIN, "user_eve", AT))
                .expectException(IntegrationNotFound.class)
                .expectNoEvents();
    }

    @Test
    void aRevokedIntegrationCannotBeConnectedAgain() {
        fixture.given(connected(), new IntegrationRevoked(ACME, SLACK, Provider.SLACK,
                        RevocationReason.APP_UNINSTALLED, TOKEN.fingerprint(), "slack", AT))
                .when(new ConnectSlackWorkspaceCommand(ACME, SLACK, "T0ACME", "Acme", "U0BOT", SCOPES, TOKEN.fingerprint(),
                        "user_ada", AT))
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
