package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.query.audit.AuditChain;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static ai.crosslayer.query.audit.AuditTables.CHECKPOINTS;
import static ai.crosslayer.query.audit.AuditTables.HEAD_HASH;
import static ai.crosslayer.query.audit.AuditTables.HEAD_SEQUENCE;
import static ai.crosslayer.query.audit.AuditTables.KEY_ID;
import static ai.crosslayer.query.audit.AuditTables.SEQUENCE;
import static ai.crosslayer.query.audit.AuditTables.SIGNATURE;
import static ai.crosslayer.query.audit.AuditTables.SIGNED_AT;
import static ai.crosslayer.query.audit.AuditTables.TENANT;
import static ai.crosslayer.query.audit.AuditTables.TENANTS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

/**
 * Signs checkpoints of tenants' chain heads: on a schedule ({@code CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL},
 * default hourly) for every tenant whose chain moved since its last checkpoint, and on demand
 * ({@code crosslayer.jar keys checkpoint}). Several nodes may do it at once: a checkpoint of a
 * sequence that already has one is skipped.
 */
@Component
public class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final AuditSigningKey key;
    private final Clock clock;

    AuditCheckpoints(DSLContext sql, TransactionTemplate transactions, AuditSigningKey key, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.key = key;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.audit.checkpoint-interval:PT1H}",
            initialDelayString = "${crosslayer.audit.checkpoint-interval:PT1H}")
    public int checkpointAll() {
        int taken = 0;
        for (TenantId tenant : tenantsThatMoved()) {
            if (checkpoint(tenant).isPresent()) {
                taken++;
            }
        }
        if (taken > 0) {
            log.info("signed {} audit checkpoint(s) with key {}", taken, key.publicKey().keyId());
        }
        return taken;
    }

    /** Signs the tenant's current chain head; empty when the tenant has no events or it is already signed. */
    public Optional<AuditChain.Checkpoint> checkpoint(TenantId tenant) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> {
            var head = sql.select(HEAD_SEQUENCE, HEAD_HASH).from(TENANTS).where(TENANT.eq(tenant.value()))
                    .fetchOptional();
            if (head.isEmpty() || head.get().value1() == 0) {
                return Optional.<AuditChain.Checkpoint>empty();
            }
            long sequence = head.get().value1();
            byte[] hash = head.get().value2();
            String signedAt = clock.instant().toString();
            byte[] signature = key.sign(AuditChain.checkpointMessage(tenant.value(), sequence, hash, signedAt));
            int inserted = sql.insertInto(CHECKPOINTS, TENANT, SEQUENCE, HEAD_HASH,
                            SIGNED_AT, KEY_ID, SIGNATURE)
                    .values(tenant.value(), sequence, hash, signedAt, key.publicKey().keyId(), signature)
                    .onConflictDoNothing().execute();
            return inserted == 0 ? Optional.<AuditChain.Checkpoint>empty() : Optional.of(new AuditChain.Checkpoint(
                    tenant.value(), sequence, hash, signedAt, key.publicKey().keyId(), signature));
        }));
    }

    /**
     * Cross-tenant by nature: which tenants' heads are beyond their last checkpoint. Reads positions
     * only, through the role whose policies allow exactly that.
     */
    private List<TenantId> tenantsThatMoved() {
        return TenantScope.crossTenant(() -> {
            Field<Long> lastCheckpoint = sql.select(coalesce(max(SEQUENCE), val(0L))).from(CHECKPOINTS)
                    .where(field(name("audit_checkpoint", "tenant_id"), String.class)
                            .eq(field(name("tenant", "tenant_id"), String.class)))
                    .<Long>asField();
            return sql.select(TENANT).from(TENANTS)
                    .where(HEAD_SEQUENCE.gt(lastCheckpoint))
                    .fetch(TENANT).stream().map(TenantId::new).toList();
        });
    }
}
