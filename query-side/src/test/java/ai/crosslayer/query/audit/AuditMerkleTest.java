package ai.crosslayer.query.audit;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant's Merkle tree against RFC 9162 written out the slow way (MTH over the leaves, recursively):
 * roots, inclusion and consistency proofs built from perfect subtrees alone, and the RFC's verifiers,
 * for every tree of up to 33 leaves. Issue 15.4.
 */
class AuditMerkleTest {

    private static final int MAX = 33;
    private final List<byte[]> events = new ArrayList<>();

    AuditMerkleTest() {
        for (int i = 0; i < MAX; i++) {
            events.add(AuditChain.sha256(ByteBuffer.allocate(4).putInt(i).array()));
        }
    }

    /** MTH(D[start:end]) as RFC 9162 2.1.1 defines it. */
    private byte[] mth(int start, int end) {
        if (end - start == 1) {
            return AuditMerkle.leafHash(events.get(start));
        }
        int k = Integer.highestOneBit(end - start - 1);
        return AuditMerkle.nodeHash(mth(start, start + k), mth(start + k, end));
    }

    /** Perfect subtrees only, as the store keeps them. */
    private final AuditMerkle.Nodes perfect = (level, index) -> {
        int size = 1 << level;
        return mth((int) index * size, (int) index * size + size);
    };

    @Test
    void theRootOfEveryTreeIsTheRfcsMth() {
        for (int n = 1; n <= MAX; n++) {
            assertThat(AuditMerkle.root(perfect, n)).as("size " + n).isEqualTo(mth(0, n));
        }
    }

    @Test
    void everyLeafProvesItsInclusionInEveryTreeThatHoldsIt() {
        for (int n = 1; n <= MAX; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = AuditMerkle.inclusionProof(perfect, m, n);
                assertThat(proof.size()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(n));
                assertThat(AuditMerkle.verifyInclusion(AuditMerkle.leafHash(events.get(m)), m, n, proof, mth(0, n)))
                        .as("leaf %d of %d", m, n).isTrue();
                assertThat(AuditMerkle.verifyInclusion(AuditMerkle.leafHash(events.get((m + 1) % MAX)), m, n, proof,
                        mth(0, n))).as("another leaf at %d of %d", m, n).isFalse();
            }
        }
    }

    @Test
    void everyEarlierTreeProvesConsistencyWithEveryLaterOne() {
        for (int to = 1; to <= MAX; to++) {
            for (int from = 1; from <= to; from++) {
                List<byte[]> proof = AuditMerkle.consistencyProof(perfect, from, to);
                assertThat(AuditMerkle.verifyConsistency(from, mth(0, from), to, mth(0, to), proof))
                        .as("%d -> %d", from, to).isTrue();
                if (from < to) {
                    byte[] forged = mth(0, from).clone();
                    forged[0] ^= 1;
                    assertThat(AuditMerkle.verifyConsistency(from, forged, to, mth(0, to), proof))
                            .as("a forged earlier root %d -> %d", from, to).isFalse();
                }
            }
        }
    }

    @Test
    void theRfcsExampleShapeOfSevenLeavesHasTheProofsItDescribes() {
        // RFC 9162 2.1.5: the audit path of leaf d0 in the tree of 7 is [c, g, l]; PROOF(3, D[7]) = [c, d, g, l].
        assertThat(AuditMerkle.inclusionProof(perfect, 0, 7)).extracting(HexFormat.of()::formatHex)
                .containsExactly(hex(mth(1, 2)), hex(mth(2, 4)), hex(mth(4, 7)));
        assertThat(AuditMerkle.consistencyProof(perfect, 3, 7)).extracting(HexFormat.of()::formatHex)
                .containsExactly(hex(mth(2, 3)), hex(mth(3, 4)), hex(mth(0, 2)), hex(mth(4, 7)));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
