package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditLog;
import ai.crosslayer.query.audit.AuditMerkle;
import ai.crosslayer.query.audit.AuditPublicKey;
import ai.crosslayer.query.audit.CheckpointSigner;
import ai.crosslayer.query.audit.CheckpointWitness;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static ai.crosslayer.query.audit.AuditTables.CHECKPOINTS;
import static ai.crosslayer.query.audit.AuditTables.EVENTS;
import static ai.crosslayer.query.audit.AuditTables.HEAD_HASH;
import static ai.crosslayer.query.audit.AuditTables.HEAD_SEQUENCE;
import static ai.crosslayer.query.audit.AuditTables.HASH;
import static ai.crosslayer.query.audit.AuditTables.KEY_ID;
import static ai.crosslayer.query.audit.AuditTables.LEVEL;
import static ai.crosslayer.query.audit.AuditTables.MERKLE_NODES;
import static ai.crosslayer.query.audit.AuditTables.NODE_INDEX;
import static ai.crosslayer.query.audit.AuditTables.SEQUENCE;
import static ai.crosslayer.query.audit.AuditTables.SIGNATURE;
import static ai.crosslayer.query.audit.AuditTables.SIGNED_AT;
import static ai.crosslayer.query.audit.AuditTables.TENANT;
import static ai.crosslayer.query.audit.AuditTables.TENANTS;
import static ai.crosslayer.query.audit.AuditTables.TREE_ROOT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

/**
 * Signs checkpoints of tenants' chain heads: on a schedule ({@code CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL},
 * default every minute) for every tenant whose chain moved since its last checkpoint, on demand
 * ({@code crosslayer.jar keys checkpoint}), and as an export begins. It never signs a chain that does not
 * verify (issue 15.2): first the latest checkpoint at the witness must be in the database, then the chain
 * from the previous checkpoint to the head must hold; otherwise it refuses and {@link AuditIntegrity}
 * says so. Each checkpoint goes to the witness in the transaction that inserts it.
 *
 * <p>It works as {@code crosslayer_signer}, the one role that may insert checkpoints (issue 15.5), on a
 * pool of its own; it is cross-tenant by nature, so no tenant scope applies to it.
 */
@Component
public class AuditCheckpoints implements CheckpointSigner {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    private static final int CURSOR_BATCH = 1000;

    private final DSLContext signer;
    private final AuditSigningKey key;
    private final AuditPublicKey trusted;
    private final AuditWitness witness;
    private final AuditIntegrity integrity;
    private final Clock clock;

    AuditCheckpoints(@Qualifier("signerDataSource") DataSource signerPool, AuditSigningKey key, AuditPublicKey trusted,
                     AuditWitness witness, AuditIntegrity integrity, Clock clock) {
        this.signer = DSL.using(signerPool, SQLDialect.POSTGRES);
        this.key = key;
        this.trusted = trusted;
        this.witness = witness;
        this.integrity = integrity;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.audit.checkpoint-interval:PT1M}",
            initialDelayString = "${crosslayer.audit.checkpoint-interval:PT1M}")
    public int checkpointAll() {
        int taken = 0;
        for (TenantId tenant : tenantsThatMoved()) {
            try {
                if (checkpoint(tenant).isPresent()) {
                    taken++;
                }
            } catch (ChainRefused refused) {
                // AuditIntegrity has raised it; the other tenants are still signed.
            } catch (AuditWitness.Unreachable unreachable) {
                integrity.witnessFailed(unreachable);
            }
        }
        if (taken > 0) {
            log.info("signed {} audit checkpoint(s) with key {}", taken, key.publicKey().keyId());
        }
        return taken;
    }

    /** Signs the tenant's current chain head; empty when the tenant has no events or it is already signed. */
    public Optional<AuditChain.Checkpoint> checkpoint(TenantId tenant) {
        return sign(tenant).filter(Signed::isNew).map(Signed::checkpoint);
    }

    @Override
    public Optional<AuditChain.Checkpoint> signHead(TenantId tenant) {
        return sign(tenant).map(Signed::checkpoint);
    }

    private record Signed(AuditChain.Checkpoint checkpoint, boolean isNew) {
    }

    private Optional<Signed> sign(TenantId tenant) {
        try {
            Optional<Signed> signed = signer.transactionResult(configuration -> signInTransaction(configuration.dsl(), tenant.value()));
            integrity.verified(tenant);
            if (signed.isPresent() && signed.get().isNew()) {
                integrity.witnessed();
            }
            return signed;
        } catch (ChainRefused refused) {
            integrity.broken(tenant, refused.failure());
            throw refused;
        }
    }

    private Optional<Signed> signInTransaction(DSLContext tx, String tenant) {
        // Nodes sign one at a time per tenant (issue 17.1): the second finds the head signed and verifies nothing twice.
        tx.fetch("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "crosslayer audit checkpoint " + tenant);
        var head = tx.select(HEAD_SEQUENCE, HEAD_HASH).from(TENANTS).where(TENANT.eq(tenant)).fetchOptional();
        if (head.isEmpty() || head.get().value1() == 0) {
            return Optional.empty();
        }
        long headSequence = head.get().value1();
        byte[] headHash = head.get().value2();
        Optional<AuditChain.Checkpoint> previous = tx.select(SEQUENCE, HEAD_HASH, SIGNED_AT, KEY_ID, SIGNATURE, TREE_ROOT)
                .from(CHECKPOINTS).where(TENANT.eq(tenant)).orderBy(SEQUENCE.desc()).limit(1)
                .fetchOptional(r -> AuditLog.checkpoint(tenant, r));
        verifyAgainstWitness(tx, tenant, previous);
        MerkleTree tree = new MerkleTree(tx, tenant);
        if (tree.size() > headSequence) {
            throw new ChainRefused(tenant, new AuditChain.Failure(headSequence + 1, null, "the Merkle tree holds "
                    + tree.size() + " events, but the chain ends at " + headSequence + ": events were removed from its end"));
        }
        verifyChain(tx, tenant, previous, headSequence, headHash, tree);
        if (previous.isPresent() && previous.get().tenantSequence() == headSequence) {
            return Optional.of(new Signed(previous.get(), false));
        }
        byte[] root = tree.root(headSequence);
        String signedAt = clock.instant().toString();
        byte[] signature = key.sign(AuditChain.checkpointMessage(tenant, headSequence, headHash, signedAt, root));
        AuditChain.Checkpoint checkpoint = new AuditChain.Checkpoint(tenant, headSequence, headHash, signedAt,
                key.publicKey().keyId(), signature, root);
        int inserted = tx.insertInto(CHECKPOINTS, TENANT, SEQUENCE, HEAD_HASH, SIGNED_AT, KEY_ID, SIGNATURE, TREE_ROOT)
                .values(tenant, headSequence, headHash, signedAt, key.publicKey().keyId(), signature, root)
                .onConflictDoNothing().execute();
        if (inserted == 0) {
            // Another node signed this head a moment ago: its checkpoint stands (and went to the witness).
            return tx.select(SEQUENCE, HEAD_HASH, SIGNED_AT, KEY_ID, SIGNATURE, TREE_ROOT).from(CHECKPOINTS)
                    .where(TENANT.eq(tenant).and(SEQUENCE.eq(headSequence)))
                    .fetchOptional(r -> new Signed(AuditLog.checkpoint(tenant, r), false));
        }
        // Before the commit: a checkpoint the witness did not take is not kept either.
        witness.record(checkpoint);
        return Optional.of(new Signed(checkpoint, true));
    }

    /** The witness's latest checkpoint of the tenant must be in the database, unchanged. */
    private void verifyAgainstWitness(DSLContext tx, String tenant, Optional<AuditChain.Checkpoint> previous) {
        List<AuditChain.Checkpoint> witnessed = witness.latest(tenant);
        if (witnessed.isEmpty()) {
            return;
        }
        AuditChain.Checkpoint latest = witnessed.get(0);
        boolean present = previous.isPresent() && previous.get().tenantSequence() >= latest.tenantSequence()
                && tx.fetchExists(CHECKPOINTS, TENANT.eq(tenant).and(SEQUENCE.eq(latest.tenantSequence()))
                .and(HEAD_HASH.eq(latest.headHash())));
        if (!present) {
            throw new ChainRefused(tenant, new AuditChain.Failure(latest.tenantSequence(), null, "the checkpoint of event "
                    + latest.tenantSequence() + " signed at " + latest.signedAt()
                    + " is present at the witness, missing from the database"));
        }
    }

    /**
     * From the previous checkpoint (its signature checked, its event's hash equal to what it signed) to
     * the head, every event must chain and hash correctly, and the last must be the head the tenant row
     * records; the stored Merkle tree must still give the root the previous checkpoint signed. Only the
     * events since the previous checkpoint are read (and, once, those the tree has not taken yet); each
     * becomes a leaf of the tree as it verifies.
     */
    private void verifyChain(DSLContext tx, String tenant, Optional<AuditChain.Checkpoint> previous,
                             long headSequence, byte[] headHash, MerkleTree tree) {
        if (previous.isPresent() && previous.get().treeRoot() != null && previous.get().tenantSequence() <= tree.size()
                && !Arrays.equals(tree.root(previous.get().tenantSequence()), previous.get().treeRoot())) {
            throw new ChainRefused(tenant, new AuditChain.Failure(previous.get().tenantSequence(), null,
                    "the stored Merkle tree no longer gives the root the checkpoint of " + previous.get().signedAt() + " signed"));
        }
        long from = Math.min(previous.map(AuditChain.Checkpoint::tenantSequence).orElse(1L), tree.size() + 1);
        AuditChain.Verifier verifier = new AuditChain.Verifier(tenant, trusted.trusted()).resumeAt(from);
        previous.ifPresent(verifier::checkpoint);
        try (Cursor<Record> events = tx.select(AuditLog.columns()).from(EVENTS)
                .where(TENANT.eq(tenant).and(SEQUENCE.between(from, headSequence))).orderBy(SEQUENCE)
                .fetchSize(CURSOR_BATCH).fetchLazy()) {
            for (Record row : events) {
                AuditChain.StoredEvent event = AuditLog.stored(row);
                verifier.event(event);
                if (event.tenantSequence() == tree.size() + 1) {
                    tree.append(event.hash());
                }
            }
        }
        AuditChain.Report report = verifier.report(headSequence);
        if (!report.valid()) {
            throw new ChainRefused(tenant, report.firstFailure());
        }
        if (!Arrays.equals(verifier.lastHash(), headHash)) {
            throw new ChainRefused(tenant, new AuditChain.Failure(headSequence, null,
                    "the tenant's recorded head hash differs from the hash of its last event"));
        }
        tree.flush();
    }

    /**
     * The tenant's stored Merkle tree (its perfect subtrees, {@code audit_merkle_node}) as this transaction
     * extends it: new nodes are written in batches, so a first build over millions of events holds only a
     * batch in memory (a left sibling already written is read back).
     */
    private static final class MerkleTree implements AuditMerkle.Nodes {
        private static final int BATCH = 5000;
        private final DSLContext tx;
        private final String tenant;
        private final java.util.Map<Long, byte[]> pending = new java.util.LinkedHashMap<>();
        private long size;

        MerkleTree(DSLContext tx, String tenant) {
            this.tx = tx;
            this.tenant = tenant;
            Long last = tx.select(max(NODE_INDEX)).from(MERKLE_NODES)
                    .where(TENANT.eq(tenant).and(LEVEL.eq((short) 0))).fetchOne(0, Long.class);
            this.size = last == null ? 0 : last + 1;
        }

        long size() {
            return size;
        }

        /** Leaf {@code size}, and every perfect subtree it completes. */
        void append(byte[] eventHash) {
            byte[] hash = AuditMerkle.leafHash(eventHash);
            int level = 0;
            long index = size;
            put(level, index, hash);
            while ((index & 1) == 1) {
                hash = AuditMerkle.nodeHash(node(level, index - 1), hash);
                level++;
                index >>= 1;
                put(level, index, hash);
            }
            size++;
            if (pending.size() >= BATCH) {
                flush();
            }
        }

        byte[] root(long treeSize) {
            return AuditMerkle.root(this, treeSize);
        }

        private void put(int level, long index, byte[] hash) {
            pending.put(key(level, index), hash);
        }

        @Override
        public byte[] node(int level, long index) {
            byte[] known = pending.get(key(level, index));
            if (known != null) {
                return known;
            }
            return tx.select(HASH).from(MERKLE_NODES)
                    .where(TENANT.eq(tenant).and(LEVEL.eq((short) level)).and(NODE_INDEX.eq(index)))
                    .fetchOptional(HASH).orElseThrow(() -> new ChainRefused(tenant, new AuditChain.Failure(index << level, null,
                            "the stored Merkle tree lacks its node " + level + "/" + index)));
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            var insert = tx.insertInto(MERKLE_NODES, TENANT, LEVEL, NODE_INDEX, HASH);
            for (var node : pending.entrySet()) {
                insert = insert.values(tenant, (short) (node.getKey() >>> 56), node.getKey() & ((1L << 56) - 1), node.getValue());
            }
            insert.onConflictDoNothing().execute();
            pending.clear();
        }

        private static long key(int level, long index) {
            return ((long) level << 56) | index;
        }
    }

    /** Which tenants' heads are beyond their last checkpoint: positions only. */
    private List<TenantId> tenantsThatMoved() {
        var lastCheckpoint = signer.select(coalesce(max(SEQUENCE), val(0L))).from(CHECKPOINTS)
                .where(field(name("audit_checkpoint", "tenant_id"), String.class)
                        .eq(field(name("tenant", "tenant_id"), String.class)))
                .<Long>asField();
        return signer.select(TENANT).from(TENANTS).where(HEAD_SEQUENCE.gt(lastCheckpoint))
                .fetch(TENANT).stream().map(TenantId::new).toList();
    }
}
