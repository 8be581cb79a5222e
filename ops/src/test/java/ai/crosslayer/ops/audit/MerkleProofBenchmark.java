package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.ServiceSchema;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditLog;
import ai.crosslayer.query.audit.AuditMerkle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15.4: proof size and time at a million events. Builds a tenant's tree the way the signer does (the
 * first checkpoint after the events verifies them and writes the tree), then asks for inclusion and
 * consistency proofs through {@link AuditLog#withTree} as the proof routes do, and checks each against the
 * signed roots. Asserts correctness only, prints what it measured. Not part of the test command; run with
 * {@code -Dit.test=MerkleProofBenchmark} as the README says.
 */
class MerkleProofBenchmark {

    private static final String TENANT = "dddddddd-0000-4000-8000-00000000b1e5";
    private static final int EVENTS = Integer.getInteger("audit.benchmark.events", 1_000_000);
    private static final int PROOFS = 1_000;

    @Test
    void proofsAtAMillionEvents() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        ServiceSchema.flyway(database.dataSource()).migrate();
        JdbcTemplate sql = new JdbcTemplate(database.dataSource());
        sql.execute("ALTER ROLE crosslayer_signer PASSWORD '" + RunningService.ROLE_PASSWORD + "'");
        PGSimpleDataSource signerRole = new PGSimpleDataSource();
        signerRole.setUrl(database.url());
        signerRole.setUser("crosslayer_signer");
        signerRole.setPassword(RunningService.ROLE_PASSWORD);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        AuditSigningKey key = new AuditSigningKey(Base64.getEncoder().encodeToString(seed));
        AuditWitness witness = AuditWitness.none();
        AuditCheckpoints signer = new AuditCheckpoints(signerRole, key, key.publicKey(), witness,
                new AuditIntegrity(new SimpleMeterRegistry(), witness, (tenant, failure) -> { }), Clock.systemUTC());

        int early = EVENTS / 3;
        AuditBenchmark.insert(sql, "domain_event_entry", TENANT, early);
        long start = System.nanoTime();
        AuditChain.Checkpoint earlier = signer.checkpoint(new TenantId(TENANT)).orElseThrow();
        report("first checkpoint, %d events verified and put in the tree: %.1f s", early, seconds(start));
        AuditBenchmark.insert(sql, "domain_event_entry", TENANT, EVENTS - early, "later-");
        start = System.nanoTime();
        AuditChain.Checkpoint later = signer.checkpoint(new TenantId(TENANT)).orElseThrow();
        report("next checkpoint, %d more events verified and put in the tree: %.1f s", EVENTS - early, seconds(start));
        long size = later.tenantSequence();
        report("tree of %d events, %d stored nodes", size, sql.queryForObject("SELECT count(*) FROM audit_merkle_node", Long.class));

        AuditLog log = new AuditLog(database.dataSource(), DSL.using(SQLDialect.POSTGRES));
        Random random = new Random(15);
        long[] inclusionNanos = new long[PROOFS];
        int inclusionMax = 0;
        for (int i = 0; i < PROOFS; i++) {
            long leaf = (long) (random.nextDouble() * size);
            long t = System.nanoTime();
            byte[][] leafAndProof = log.withTree(new TenantId(TENANT), (nodes, signed) -> {
                List<byte[]> proof = AuditMerkle.inclusionProof(nodes, leaf, size);
                byte[][] out = new byte[proof.size() + 1][];
                out[0] = nodes.node(0, leaf);
                for (int p = 0; p < proof.size(); p++) {
                    out[p + 1] = proof.get(p);
                }
                return out;
            });
            inclusionNanos[i] = System.nanoTime() - t;
            List<byte[]> proof = Arrays.asList(leafAndProof).subList(1, leafAndProof.length);
            inclusionMax = Math.max(inclusionMax, proof.size());
            assertThat(AuditMerkle.verifyInclusion(leafAndProof[0], leaf, size, proof, later.treeRoot())).isTrue();
        }
        long[] consistencyNanos = new long[PROOFS];
        int consistencyMax = 0;
        for (int i = 0; i < PROOFS; i++) {
            long from = 1 + (long) (random.nextDouble() * (size - 1));
            long t = System.nanoTime();
            List<byte[]> proof = log.withTree(new TenantId(TENANT), (nodes, signed) -> AuditMerkle.consistencyProof(nodes, from, size));
            consistencyNanos[i] = System.nanoTime() - t;
            consistencyMax = Math.max(consistencyMax, proof.size());
            if (i == 0) {
                List<byte[]> signedProof = log.withTree(new TenantId(TENANT), (nodes, signed) ->
                        AuditMerkle.consistencyProof(nodes, earlier.tenantSequence(), size));
                assertThat(AuditMerkle.verifyConsistency(earlier.tenantSequence(), earlier.treeRoot(), size,
                        later.treeRoot(), signedProof)).isTrue();
            }
        }
        report("inclusion proof (tree of %d): at most %d hashes (%d bytes); median %.2f ms, p99 %.2f ms per proof, "
                        + "each in its own read-only transaction", size, inclusionMax, inclusionMax * 32,
                millis(inclusionNanos, 0.5), millis(inclusionNanos, 0.99));
        report("consistency proof (to %d): at most %d hashes (%d bytes); median %.2f ms, p99 %.2f ms per proof",
                size, consistencyMax, consistencyMax * 32, millis(consistencyNanos, 0.5), millis(consistencyNanos, 0.99));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double millis(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }

    private static void report(String format, Object... args) {
        System.out.println("[merkle benchmark] " + String.format(format, args));
    }
}
