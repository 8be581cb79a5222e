package ai.crosslayer.query.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tenant's Merkle tree over its event hashes, as RFC 9162 (Certificate Transparency 2.0) defines it:
 * leaf {@code SHA-256(0x00 || event hash)}, node {@code SHA-256(0x01 || left || right)}, the tree of
 * {@code n} leaves split at the largest power of two below {@code n}. Leaf {@code i} is the event of
 * sequence {@code i + 1}, so a checkpoint of sequence {@code n} signs the tree of size {@code n}.
 *
 * <p>Proofs are built from the tree's <em>perfect</em> subtrees (size {@code 2^level}, aligned), which are
 * stored once each; any subtree the RFC's recursion asks for is a right-fold of at most {@code log n} of
 * them, so a proof has {@code O(log n)} hashes. The verifiers are the RFC's algorithms (2.1.3.2, 2.1.4.2),
 * with nothing but the JDK, so anyone can check a proof against a signed root.
 */
public final class AuditMerkle {

    private AuditMerkle() {
    }

    /** Where the perfect subtrees come from: the hash of leaves {@code [index * 2^level, (index + 1) * 2^level)}. */
    @FunctionalInterface
    public interface Nodes {
        byte[] node(int level, long index);
    }

    public static byte[] leafHash(byte[] eventHash) {
        return digest(new byte[]{0x00}, eventHash);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return digest(new byte[]{0x01}, left, right);
    }

    /** MTH(D[0:size]). */
    public static byte[] root(Nodes nodes, long size) {
        if (size < 1) {
            throw new IllegalArgumentException("a tree has at least one leaf");
        }
        return subtree(nodes, 0, size);
    }

    /** MTH(D[start:end]) for a range the RFC's recursion produces. */
    static byte[] subtree(Nodes nodes, long start, long end) {
        long size = end - start;
        if (Long.bitCount(size) == 1 && start % size == 0) {
            return nodes.node(Long.numberOfTrailingZeros(size), start / size);
        }
        long k = largestPowerOfTwoBelow(size);
        return nodeHash(subtree(nodes, start, start + k), subtree(nodes, start + k, end));
    }

    /** PATH(m, D[0:size]): the audit path of leaf {@code leaf} (0-based), nearest sibling first. */
    public static List<byte[]> inclusionProof(Nodes nodes, long leaf, long size) {
        if (leaf < 0 || leaf >= size) {
            throw new IllegalArgumentException("leaf " + leaf + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(nodes, leaf, 0, size, path);
        return path;
    }

    private static void path(Nodes nodes, long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(nodes, m, start, start + k, out);
            out.add(subtree(nodes, start + k, end));
        } else {
            path(nodes, m - k, start + k, end, out);
            out.add(subtree(nodes, start, start + k));
        }
    }

    /** PROOF(m, D[0:n]): that the tree of size {@code from} is a prefix of the tree of size {@code to}. */
    public static List<byte[]> consistencyProof(Nodes nodes, long from, long to) {
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("a consistency proof needs 1 <= from <= to");
        }
        List<byte[]> proof = new ArrayList<>();
        if (from < to) {
            subproof(nodes, from, 0, to, true, proof);
        }
        return proof;
    }

    private static void subproof(Nodes nodes, long m, long start, long end, boolean complete, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                out.add(subtree(nodes, start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(nodes, m, start, start + k, complete, out);
            out.add(subtree(nodes, start + k, end));
        } else {
            subproof(nodes, m - k, start + k, end, false, out);
            out.add(subtree(nodes, start, start + k));
        }
    }

    /** RFC 9162 2.1.3.2: does {@code proof} show leaf {@code leaf} (0-based) with this hash in the tree of this root? */
    public static boolean verifyInclusion(byte[] leafHash, long leaf, long size, List<byte[]> proof, byte[] root) {
        if (leaf < 0 || leaf >= size) {
            return false;
        }
        long fn = leaf;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2: does {@code proof} show the tree (from, fromRoot) is a prefix of (to, toRoot)? */
    public static boolean verifyConsistency(long from, byte[] fromRoot, long to, byte[] toRoot, List<byte[]> proof) {
        if (from < 1 || from > to) {
            return false;
        }
        if (from == to) {
            return proof.isEmpty() && Arrays.equals(fromRoot, toRoot);
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(from) == 1) {
            path.add(0, fromRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, fromRoot) && Arrays.equals(sr, toRoot);
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static byte[] digest(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
