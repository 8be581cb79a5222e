package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.projections.tenant.TenantDirectoryProjection;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditLog;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;

/**
 * The tenant as its read models showed it at an instant ({@code GET /api/audit/state}, {@code replay}).
 * The tenant's events up to then are replayed — upcast as usual — through the real projection classes
 * into temporary copies of their tables, inside a transaction that is rolled back: the view is computed
 * by the same code that keeps the live one, and nothing is kept.
 */
@Component
public class TenantAsOf {

    private static final int PAGE = 1000;

    private final AuditLog log;
    private final TenantDirectoryProjection directory;
    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Configuration axon;

    TenantAsOf(AuditLog log, TenantDirectoryProjection directory, DSLContext sql, TransactionTemplate transactions,
               Configuration axon) {
        this.log = log;
        this.directory = directory;
        this.sql = sql;
        this.transactions = transactions;
        this.axon = axon;
    }

    public Map<String, Object> replay(TenantId tenant, Instant asOf) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> {
            status.setRollbackOnly();
            // Temporary tables come first on the search path: the projection writes into these copies.
            sql.execute("CREATE TEMPORARY TABLE tenant_directory (LIKE public.tenant_directory INCLUDING DEFAULTS INCLUDING INDEXES) ON COMMIT DROP");
            sql.execute("CREATE TEMPORARY TABLE tenant_directory_member (LIKE public.tenant_directory_member INCLUDING DEFAULTS INCLUDING INDEXES) ON COMMIT DROP");
            AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(directory);
            long after = 0;
            List<AuditChain.StoredEvent> page;
            do {
                page = log.page(tenant, new AuditLog.Filter(after, PAGE, null, asOf.plusNanos(1), null, null, null));
                DomainEventStream events = EventStreamUtils.upcastAndDeserializeDomainEvents(
                        page.stream().map(TenantAsOf::asDomainEventData), axon.eventSerializer(),
                        axon.upcasterChain());
                events.asStream().forEach(event -> {
                    try {
                        handlers.handle(event);
                    } catch (Exception e) {
                        throw new IllegalStateException("replaying " + event.getPayloadType().getSimpleName(), e);
                    }
                });
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).tenantSequence();
                }
            } while (page.size() == PAGE);
            return view(tenant, asOf);
        }));
    }

    private Map<String, Object> view(TenantId tenant, Instant asOf) {
        Optional<String> name = sql.select(TENANT_DIRECTORY.NAME).from(TENANT_DIRECTORY)
                .where(TENANT_DIRECTORY.TENANT_ID.eq(tenant.value())).fetchOptional(TENANT_DIRECTORY.NAME);
        List<Map<String, Object>> members = sql.selectFrom(TENANT_DIRECTORY_MEMBER)
                .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(tenant.value()))
                .orderBy(TENANT_DIRECTORY_MEMBER.JOINED_AT, TENANT_DIRECTORY_MEMBER.USER_ID)
                .fetch(m -> Map.of("userId", m.getUserId(), "email", m.getEmail(), "role", m.getRole(),
                        "joinedAt", m.getJoinedAt().toInstant().toString(),
                        "lastSignedInAt", Optional.ofNullable(m.getLastSignedInAt()).map(OffsetDateTime::toInstant)
                                .map(Instant::toString).orElse("")));
        return Map.of("tenantId", tenant.value(), "asOf", asOf.toString(), "existed", name.isPresent(),
                "tenantName", name.orElse(""), "members", members);
    }

    private static DomainEventData<?> asDomainEventData(AuditChain.StoredEvent e) {
        return new GenericDomainEventEntry<>(e.aggregateType(), e.aggregateId(), e.aggregateSequence(), e.eventId(),
                e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData());
    }

}
