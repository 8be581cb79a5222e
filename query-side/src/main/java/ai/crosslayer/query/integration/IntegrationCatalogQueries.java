package ai.crosslayer.query.integration;

import ai.crosslayer.kernel.integration.FindIntegrationQuery;
import ai.crosslayer.kernel.integration.FindIntegrationsQuery;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationStatus;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.ProviderRevocationState;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.projections.schema.tables.records.IntegrationCatalogRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static ai.crosslayer.projections.schema.Tables.INTEGRATION_CATALOG;
import static ai.crosslayer.projections.schema.Tables.INTEGRATION_CATALOG_REPOSITORY;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

/** Answers questions about a tenant's integrations from the integration catalog. */
@Component
class IntegrationCatalogQueries {

    private final DSLContext sql;

    IntegrationCatalogQueries(DSLContext sql) {
        this.sql = sql;
    }

    @QueryHandler
    Optional<IntegrationView> handle(FindIntegrationQuery query) {
        return views(query.tenantId().value(),
                INTEGRATION_CATALOG.INTEGRATION_ID.eq(query.integrationId().value())).stream().findFirst();
    }

    @QueryHandler
    List<IntegrationView> handle(FindIntegrationsQuery query) {
        return views(query.tenantId().value(), null);
    }

    private List<IntegrationView> views(String tenant, Condition which) {
        Condition condition = INTEGRATION_CATALOG.TENANT_ID.eq(tenant);
        var rows = sql.selectFrom(INTEGRATION_CATALOG)
                .where(which == null ? condition : condition.and(which))
                .orderBy(INTEGRATION_CATALOG.CONNECTED_AT.desc(), INTEGRATION_CATALOG.INTEGRATION_ID)
                .fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> repositories = sql
                .select(INTEGRATION_CATALOG_REPOSITORY.INTEGRATION_ID, INTEGRATION_CATALOG_REPOSITORY.FULL_NAME)
                .from(INTEGRATION_CATALOG_REPOSITORY)
                .where(INTEGRATION_CATALOG_REPOSITORY.TENANT_ID.eq(tenant))
                .and(INTEGRATION_CATALOG_REPOSITORY.INTEGRATION_ID.in(rows.getValues(INTEGRATION_CATALOG.INTEGRATION_ID)))
                .orderBy(INTEGRATION_CATALOG_REPOSITORY.FULL_NAME)
                .fetch()
                .stream()
                .collect(groupingBy(r -> r.value1(), mapping(r -> r.value2(), toList())));
        return rows.map(row -> view(row, repositories.getOrDefault(row.getIntegrationId(), List.of())));
    }

    private static IntegrationView view(IntegrationCatalogRecord row, List<String> repositories) {
        return new IntegrationView(
                new IntegrationId(row.getIntegrationId()),
                Provider.valueOf(row.getProvider()),
                row.getAccountId(),
                row.getAccountName(),
                row.getScopes().isEmpty() ? List.of() : Arrays.asList(row.getScopes().split(",")),
                row.getTokenFingerprint(),
                IntegrationStatus.fromWire(row.getStatus())
                        .orElseThrow(() -> new IllegalStateException("the integration catalog holds an unknown status")),
                row.getConnectedBy(),
                row.getConnectedAt().toInstant(),
                Optional.ofNullable(row.getRevocationReason()).map(RevocationReason::valueOf).orElse(null),
                row.getRevokedBy(),
                Optional.ofNullable(row.getRevokedAt()).map(OffsetDateTime::toInstant).orElse(null),
                Optional.ofNullable(row.getProviderRevocation()).map(word -> ProviderRevocationState.fromWire(word)
                        .orElseThrow(() -> new IllegalStateException("the integration catalog holds an unknown revocation state")))
                        .orElse(null),
                row.getProviderRevocationFailure(),
                repositories);
    }
}
