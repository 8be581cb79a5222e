package ai.crosslayer.projections.integration;

import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.GitHubAccountConnected;
import ai.crosslayer.kernel.integration.GitHubRepositoryConnected;
import ai.crosslayer.kernel.integration.GitHubRepositoryDisconnected;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.IntegrationStatus;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.ProviderRevocationFailed;
import ai.crosslayer.kernel.integration.ProviderRevocationState;
import ai.crosslayer.kernel.integration.ProviderRevocationSucceeded;
import ai.crosslayer.kernel.integration.SlackWorkspaceConnected;
import ai.crosslayer.kernel.tenant.MemberPersonalDataErased;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static ai.crosslayer.projections.schema.Tables.INTEGRATION_CATALOG;
import static ai.crosslayer.projections.schema.Tables.INTEGRATION_CATALOG_REPOSITORY;

/**
 * Keeps {@code integration_catalog} and {@code integration_catalog_repository}. Every handler is
 * idempotent, so a replay leaves the same rows.
 */
@Component
@ProcessingGroup(IntegrationCatalogProjection.PROCESSING_GROUP)
public class IntegrationCatalogProjection {

    public static final String PROCESSING_GROUP = "integration-catalog";

    private final DSLContext sql;
    private final ProjectionWrites writes;

    public IntegrationCatalogProjection(DSLContext sql, ProjectionWrites writes) {
        this.sql = sql;
        this.writes = writes;
    }

    @EventHandler
    void on(SlackWorkspaceConnected event) {
        connected(event.tenantId().value(), event.integrationId().value(), Provider.SLACK, event.teamId(),
                event.teamName(), String.join(",", event.scopes()), event.tokenFingerprint(), event.connectedBy(),
                event.connectedAt());
    }

    @EventHandler
    void on(GitHubAccountConnected event) {
        connected(event.tenantId().value(), event.integrationId().value(), Provider.GITHUB,
                String.valueOf(event.githubUserId()), event.login(), "", event.tokenFingerprint(), event.connectedBy(),
                event.connectedAt());
    }

    /** Issue 18.2: the GitHub login of an account the erased person connected is theirs: "erased member" now. */
    @EventHandler
    void on(MemberPersonalDataErased event) {
        writes.add(sql.update(INTEGRATION_CATALOG)
                .set(INTEGRATION_CATALOG.ACCOUNT_NAME, MemberPersonalDataErased.ERASED_MEMBER)
                .where(INTEGRATION_CATALOG.TENANT_ID.eq(event.tenantId().value()))
                .and(INTEGRATION_CATALOG.PROVIDER.eq(Provider.GITHUB.name()))
                .and(INTEGRATION_CATALOG.CONNECTED_BY.eq(event.userId())));
    }

    /** A first connection inserts; a reinstall (a new token) updates the same row. */
    private void connected(String tenant, String integration, Provider provider, String accountId, String accountName,
                           String scopes, String fingerprint, String by, Instant at) {
        writes.add(sql.insertInto(INTEGRATION_CATALOG)
                .set(INTEGRATION_CATALOG.TENANT_ID, tenant)
                .set(INTEGRATION_CATALOG.INTEGRATION_ID, integration)
                .set(INTEGRATION_CATALOG.PROVIDER, provider.name())
                .set(INTEGRATION_CATALOG.ACCOUNT_ID, accountId)
                .set(INTEGRATION_CATALOG.ACCOUNT_NAME, accountName)
                .set(INTEGRATION_CATALOG.SCOPES, scopes)
                .set(INTEGRATION_CATALOG.TOKEN_FINGERPRINT, fingerprint)
                .set(INTEGRATION_CATALOG.STATUS, IntegrationStatus.CONNECTED.wire())
                .set(INTEGRATION_CATALOG.CONNECTED_BY, by)
                .set(INTEGRATION_CATALOG.CONNECTED_AT, utc(at))
                .onConflict(INTEGRATION_CATALOG.TENANT_ID, INTEGRATION_CATALOG.INTEGRATION_ID).doUpdate()
                .set(INTEGRATION_CATALOG.ACCOUNT_NAME, accountName)
                .set(INTEGRATION_CATALOG.SCOPES, scopes)
                .set(INTEGRATION_CATALOG.TOKEN_FINGERPRINT, fingerprint)
                .set(INTEGRATION_CATALOG.CONNECTED_BY, by)
                .set(INTEGRATION_CATALOG.CONNECTED_AT, utc(at))
                .where(INTEGRATION_CATALOG.TENANT_ID.eq(tenant)));
    }

    @EventHandler
    void on(GitHubRepositoryConnected event) {
        writes.add(sql.insertInto(INTEGRATION_CATALOG_REPOSITORY)
                .set(INTEGRATION_CATALOG_REPOSITORY.TENANT_ID, event.tenantId().value())
                .set(INTEGRATION_CATALOG_REPOSITORY.INTEGRATION_ID, event.integrationId().value())
                .set(INTEGRATION_CATALOG_REPOSITORY.REPOSITORY_ID, event.repositoryId())
                .set(INTEGRATION_CATALOG_REPOSITORY.FULL_NAME, event.fullName())
                .set(INTEGRATION_CATALOG_REPOSITORY.CONNECTED_BY, event.connectedBy())
                .set(INTEGRATION_CATALOG_REPOSITORY.CONNECTED_AT, utc(event.connectedAt()))
                .onConflictDoNothing());
    }

    @EventHandler
    void on(GitHubRepositoryDisconnected event) {
        writes.add(sql.deleteFrom(INTEGRATION_CATALOG_REPOSITORY)
                .where(INTEGRATION_CATALOG_REPOSITORY.TENANT_ID.eq(event.tenantId().value()))
                .and(INTEGRATION_CATALOG_REPOSITORY.INTEGRATION_ID.eq(event.integrationId().value()))
                .and(INTEGRATION_CATALOG_REPOSITORY.REPOSITORY_ID.eq(event.repositoryId())));
    }

    @EventHandler
    void on(IntegrationRevoked event) {
        writes.add(sql.update(INTEGRATION_CATALOG)
                .set(INTEGRATION_CATALOG.STATUS, IntegrationStatus.REVOKED.wire())
                .set(INTEGRATION_CATALOG.REVOCATION_REASON, event.reason().name())
                .set(INTEGRATION_CATALOG.REVOKED_BY, event.revokedBy())
                .set(INTEGRATION_CATALOG.REVOKED_AT, utc(event.revokedAt()))
                .set(INTEGRATION_CATALOG.PROVIDER_REVOCATION, (event.reason().providerMustBeTold()
                        ? ProviderRevocationState.PENDING : ProviderRevocationState.NOT_NEEDED).wire())
                .where(INTEGRATION_CATALOG.TENANT_ID.eq(event.tenantId().value()))
                .and(INTEGRATION_CATALOG.INTEGRATION_ID.eq(event.integrationId().value())));
    }

    @EventHandler
    void on(ProviderRevocationSucceeded event) {
        writes.add(sql.update(INTEGRATION_CATALOG)
                .set(INTEGRATION_CATALOG.PROVIDER_REVOCATION, ProviderRevocationState.SUCCEEDED.wire())
                .where(INTEGRATION_CATALOG.TENANT_ID.eq(event.tenantId().value()))
                .and(INTEGRATION_CATALOG.INTEGRATION_ID.eq(event.integrationId().value())));
    }

    @EventHandler
    void on(ProviderRevocationFailed event) {
        writes.add(sql.update(INTEGRATION_CATALOG)
                .set(INTEGRATION_CATALOG.PROVIDER_REVOCATION, ProviderRevocationState.FAILED.wire())
                .set(INTEGRATION_CATALOG.PROVIDER_REVOCATION_FAILURE, event.reason())
                .where(INTEGRATION_CATALOG.TENANT_ID.eq(event.tenantId().value()))
                .and(INTEGRATION_CATALOG.INTEGRATION_ID.eq(event.integrationId().value())));
    }

    /** An offboarded tenant (issue 18) leaves no row here; its later events, if any, find none to change. */
    @EventHandler
    void on(TenantOffboarded event) {
        writes.add(sql.deleteFrom(INTEGRATION_CATALOG_REPOSITORY).where(INTEGRATION_CATALOG_REPOSITORY.TENANT_ID.eq(event.tenantId().value())));
        writes.add(sql.deleteFrom(INTEGRATION_CATALOG).where(INTEGRATION_CATALOG.TENANT_ID.eq(event.tenantId().value())));
    }

    /** Before a replay rebuilds the catalog: empties it for every tenant at once (derived rows only). */
    @ResetHandler
    void reset() {
        TenantScope.crossTenant(() -> sql.truncate(INTEGRATION_CATALOG).cascade().execute());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
