package ai.crosslayer.query.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain and checkpoint formats, written down once (the README repeats them for verifiers in
 * other languages), and a streaming verifier. The database computes the same bytes in
 * its chain trigger ({@code register_tenant}); {@code AuditChainIT} keeps the two in step.
 */
public final class AuditChain {

    /** The previous hash of a tenant's first event. */
    public static final byte[] GENESIS = new byte[32];
    static final byte[] EVENT_PREFIX = "crosslayer-audit-v1".getBytes(StandardCharsets.UTF_8);
    static final byte[] EVENT_PREFIX_V2 = "crosslayer-audit-v2".getBytes(StandardCharsets.UTF_8);
    /**
     * How much earlier than the previous event's append time an event's own time may be before it counts as
     * back-dated: an event's time is taken when its command runs, a moment before its transaction appends it.
     */
    public static final java.time.Duration BACKDATING_TOLERANCE = java.time.Duration.ofMinutes(5);
    static final byte[] CHECKPOINT_PREFIX = "crosslayer-checkpoint-v1".getBytes(StandardCharsets.UTF_8);
    static final byte[] CHECKPOINT_PREFIX_V2 = "crosslayer-checkpoint-v2".getBytes(StandardCharsets.UTF_8);
    /** X.509 SubjectPublicKeyInfo header of a raw 32-byte Ed25519 public key (RFC 8410). */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    private AuditChain() {
    }

    /**
     * An event as stored: every column the hash covers, and the hashes. {@code appendedAt} is null for an
     * event of canonical form version 1 (appended before version 2 existed).
     */
    public record StoredEvent(String tenantId, long tenantSequence, long globalIndex, String eventId,
                              String payloadType, String payloadRevision, String timeStamp, String aggregateType,
                              String aggregateId, long aggregateSequence, byte[] payload, byte[] metaData,
                              byte[] prevHash, byte[] hash, String appendedAt) {

        public int version() {
            return appendedAt == null ? 1 : 2;
        }
    }

    /**
     * A signed statement that a tenant's chain had this head at this sequence, and (from message version 2)
     * that its Merkle tree of that many events had this root. {@code treeRoot} is null for a checkpoint
     * signed before the tree existed.
     */
    public record Checkpoint(String tenantId, long tenantSequence, byte[] headHash, String signedAt, String keyId,
                             byte[] signature, byte[] treeRoot) {

        public Checkpoint(String tenantId, long tenantSequence, byte[] headHash, String signedAt, String keyId,
                          byte[] signature) {
            this(tenantId, tenantSequence, headHash, signedAt, keyId, signature, null);
        }

        /** The bytes its signature covers. */
        public byte[] message() {
            return checkpointMessage(tenantId, tenantSequence, headHash, signedAt, treeRoot);
        }
    }

    /** Version 1, or version 2 (version 1's fields, another prefix, then {@code appended_at}). */
    public static byte[] canonicalForm(StoredEvent e) {
        Canonical out = new Canonical(e.version() == 1 ? EVENT_PREFIX : EVENT_PREFIX_V2);
        out.text(e.tenantId()).int64(e.tenantSequence()).text(e.eventId()).text(e.payloadType())
                .text(e.payloadRevision()).text(e.timeStamp()).text(e.aggregateType()).text(e.aggregateId())
                .int64(e.aggregateSequence()).bytes(e.payload()).bytes(e.metaData()).bytes(e.prevHash());
        if (e.version() == 2) {
            out.text(e.appendedAt());
        }
        return out.toByteArray();
    }

    public static byte[] hash(StoredEvent e) {
        return sha256(canonicalForm(e));
    }

    public static byte[] checkpointMessage(String tenantId, long tenantSequence, byte[] headHash, String signedAt) {
        return new Canonical(CHECKPOINT_PREFIX).text(tenantId).int64(tenantSequence).bytes(headHash).text(signedAt)
                .toByteArray();
    }

    /** Version 1 without a tree root; version 2 (another prefix, the root appended) with one. */
    public static byte[] checkpointMessage(String tenantId, long tenantSequence, byte[] headHash, String signedAt,
                                           byte[] treeRoot) {
        if (treeRoot == null) {
            return checkpointMessage(tenantId, tenantSequence, headHash, signedAt);
        }
        return new Canonical(CHECKPOINT_PREFIX_V2).text(tenantId).int64(tenantSequence).bytes(headHash).text(signedAt)
                .bytes(treeRoot).toByteArray();
    }

    /** The key id of a public key: the first 8 bytes of its SHA-256, in hex. */
    public static String keyId(byte[] publicKey) {
        return HexFormat.of().formatHex(Arrays.copyOf(sha256(publicKey), 8));
    }

    public static boolean signatureHolds(Checkpoint checkpoint, byte[] publicKey) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    ByteBuffer.allocate(ED25519_SPKI.length + 32).put(ED25519_SPKI).put(publicKey).array()));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(checkpoint.message());
            return verifier.verify(checkpoint.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Length-prefixed fields: 4-byte big-endian length then bytes; null is length -1. */
    private static final class Canonical {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        Canonical(byte[] prefix) {
            out.writeBytes(prefix);
        }

        Canonical text(String value) {
            return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        Canonical bytes(byte[] value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
            if (value != null) {
                out.writeBytes(value);
            }
            return this;
        }

        Canonical int64(long value) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /**
     * Verifies one tenant's chain as its events stream by in sequence order, holding only the
     * checkpoints and the previous hash. Give it the checkpoints (and any witnessed ones) first, then
     * every event, then ask for the {@link Report}. A checkpoint may also come after the events when it
     * covers the last of them (an export ends with one).
     */
    public static final class Verifier {
        private final String tenantId;
        private final Map<String, byte[]> trustedKeys = new TreeMap<>();
        private final Map<Long, Checkpoint> checkpoints = new TreeMap<>();
        private final Map<Long, Checkpoint> witnessed = new TreeMap<>();
        private final java.util.Set<Long> late = new java.util.HashSet<>();
        private long expectedSequence = 1;
        private byte[] previousHash = GENESIS;
        private boolean previousUnknown;
        private String previousAppendedAt;
        private long verified;
        private int checkpointsVerified;
        private long lastCovered;
        private String latestSignedAt;
        private Failure failure;

        /**
         * @param trustedKeys the Ed25519 public keys whose checkpoints count: the current signing key and
         *                    any retired ones. A checkpoint names its key by id.
         */
        public Verifier(String tenantId, Collection<byte[]> trustedKeys) {
            this.tenantId = tenantId;
            trustedKeys.forEach(key -> this.trustedKeys.put(keyId(key), key));
        }

        /**
         * Verifies from event {@code sequence} on instead of from the first: that event's own hash is
         * recomputed, but its previous hash cannot be checked (a signed checkpoint of it is the anchor).
         */
        public Verifier resumeAt(long sequence) {
            expectedSequence = sequence;
            previousUnknown = sequence > 1;
            return this;
        }

        public void checkpoint(Checkpoint checkpoint) {
            if (failure != null || !trusted(checkpoint, "checkpoint")) {
                return;
            }
            long last = expectedSequence - 1;
            if (checkpoint.tenantSequence() <= last && checkpoints.containsKey(checkpoint.tenantSequence())
                    && Arrays.equals(checkpoints.get(checkpoint.tenantSequence()).signature(), checkpoint.signature())) {
                return; // listed before the events too (an export's closing checkpoint): counted once
            }
            if (checkpoint.tenantSequence() <= last) {
                // Late: it can only be checked against the last event, whose hash is still held.
                if (checkpoint.tenantSequence() != last) {
                    failure = new Failure(checkpoint.tenantSequence(), null,
                            "a checkpoint comes after the events, but does not cover the last of them");
                } else if (!Arrays.equals(checkpoint.headHash(), previousHash)) {
                    failure = new Failure(last, null, "it differs from the signed checkpoint of " + checkpoint.signedAt());
                } else {
                    checkpointsVerified++;
                    lastCovered = Math.max(lastCovered, last);
                    late.add(last);
                    noteSignedAt(checkpoint);
                }
                return;
            }
            checkpoints.put(checkpoint.tenantSequence(), checkpoint);
            noteSignedAt(checkpoint);
        }

        /**
         * A checkpoint read from a witness outside the database: a trusted anchor. The log must hold
         * every event it covers with the same hash, and must list it among its own checkpoints.
         */
        public void witnessed(Checkpoint checkpoint) {
            if (failure == null && trusted(checkpoint, "witnessed checkpoint")) {
                witnessed.put(checkpoint.tenantSequence(), checkpoint);
            }
        }

        private boolean trusted(Checkpoint checkpoint, String what) {
            if (!tenantId.equals(checkpoint.tenantId())) {
                failure = new Failure(checkpoint.tenantSequence(), null, "a " + what + " of another tenant is mixed in");
            } else if (!trustedKeys.containsKey(checkpoint.keyId())) {
                failure = new Failure(checkpoint.tenantSequence(), null, "the " + what + " was signed by key "
                        + checkpoint.keyId() + ", which is not among the trusted keys " + trustedKeys.keySet());
            } else if (!signatureHolds(checkpoint, trustedKeys.get(checkpoint.keyId()))) {
                failure = new Failure(checkpoint.tenantSequence(), null,
                        "the " + what + "'s signature does not verify with key " + checkpoint.keyId());
            }
            return failure == null;
        }

        private void noteSignedAt(Checkpoint checkpoint) {
            exportedAt(checkpoint.signedAt());
        }

        /**
         * When a file says it was exported: a checkpoint the witness holds from before then must be in it.
         * (Claiming an earlier time only makes the file pass for an older export, which it then is.)
         */
        public void exportedAt(String instant) {
            if (instant != null && (latestSignedAt == null || instant(instant).isAfter(instant(latestSignedAt)))) {
                latestSignedAt = instant;
            }
        }

        public void event(StoredEvent event) {
            if (failure != null) {
                return;
            }
            String reason = null;
            if (!tenantId.equals(event.tenantId())) {
                reason = "the event belongs to another tenant";
            } else if (event.tenantSequence() > expectedSequence) {
                failure = new Failure(expectedSequence, null, "event " + expectedSequence
                        + " is missing: the next event present is " + event.tenantSequence());
                return;
            } else if (event.tenantSequence() < expectedSequence) {
                reason = "sequence " + event.tenantSequence() + " appears again or out of order after "
                        + (expectedSequence - 1);
            } else if (!previousUnknown && !Arrays.equals(event.prevHash(), previousHash)) {
                reason = "its previous hash does not match the hash of event " + (expectedSequence - 1);
            } else if (!Arrays.equals(hash(event), event.hash())) {
                reason = "its stored hash does not match its content: the row was altered";
            } else if (event.version() == 1 && previousAppendedAt != null) {
                reason = "it is in canonical form version 1 after an event of version 2: its append time was removed";
            } else if (backdated(event)) {
                reason = "it is back-dated: its time " + event.timeStamp() + " is more than "
                        + BACKDATING_TOLERANCE.toMinutes() + " minutes before event " + (expectedSequence - 1)
                        + " was appended (" + previousAppendedAt + ")";
            } else {
                reason = againstCheckpoint(checkpoints.get(event.tenantSequence()), event, "signed checkpoint");
                if (reason == null) {
                    reason = againstCheckpoint(witnessed.get(event.tenantSequence()), event, "witnessed checkpoint");
                }
            }
            if (reason != null) {
                failure = new Failure(event.tenantSequence(), event.eventId(), reason);
                return;
            }
            previousHash = event.hash();
            previousAppendedAt = event.appendedAt();
            previousUnknown = false;
            expectedSequence++;
            verified++;
        }

        private boolean backdated(StoredEvent event) {
            if (previousAppendedAt == null) {
                return false;
            }
            java.time.Instant time = instant(event.timeStamp());
            return time.isBefore(instant(previousAppendedAt).minus(BACKDATING_TOLERANCE));
        }

        private String againstCheckpoint(Checkpoint checkpoint, StoredEvent event, String what) {
            if (checkpoint == null) {
                return null;
            }
            if (!Arrays.equals(checkpoint.headHash(), event.hash())) {
                return "it differs from the " + what + " of " + checkpoint.signedAt();
            }
            if (what.startsWith("signed")) {
                checkpointsVerified++;
            }
            lastCovered = Math.max(lastCovered, event.tenantSequence());
            return null;
        }

        /** Fails on this event for a reason found outside the chain (a displayed field that lies), unless failed already. */
        public void fail(StoredEvent event, String reason) {
            if (failure == null) {
                failure = new Failure(event.tenantSequence(), event.eventId(), reason);
            }
        }

        /** The hash of the last event verified so far (the genesis hash before any). */
        public byte[] lastHash() {
            return previousHash.clone();
        }

        /**
         * @param headSequence the chain head as the store records it, or -1 where unknown (a file)
         */
        public Report report(long headSequence) {
            long last = expectedSequence - 1;
            if (failure == null) {
                Long beyond = checkpoints.keySet().stream().filter(s -> s > last).findFirst().orElse(null);
                Checkpoint witnessBeyond = witnessed.values().stream().filter(c -> c.tenantSequence() > last)
                        // A file ends where it was exported: a later witnessed checkpoint is missing from
                        // it only if the file's own latest checkpoint was signed after that one.
                        .filter(c -> headSequence >= 0 || (latestSignedAt != null
                                && instant(c.signedAt()).isBefore(instant(latestSignedAt))))
                        .findFirst().orElse(null);
                Checkpoint unlisted = witnessed.values().stream().filter(c -> c.tenantSequence() <= last)
                        .filter(c -> !checkpoints.containsKey(c.tenantSequence()) && !late.contains(c.tenantSequence()))
                        .findFirst().orElse(null);
                if (unlisted != null) {
                    failure = new Failure(unlisted.tenantSequence(), null, "the checkpoint of event "
                            + unlisted.tenantSequence() + " signed at " + unlisted.signedAt()
                            + " is present at the witness, missing from the database");
                } else if (beyond != null) {
                    failure = new Failure(beyond, null, "a signed checkpoint covers event " + beyond
                            + ", but the log ends at " + last + ": events were removed from its end");
                } else if (witnessBeyond != null) {
                    failure = new Failure(witnessBeyond.tenantSequence(), null, "the checkpoint of event "
                            + witnessBeyond.tenantSequence() + " signed at " + witnessBeyond.signedAt()
                            + " is present at the witness, missing from the database, whose log ends at " + last
                            + ": events were removed from its end");
                } else if (headSequence >= 0 && headSequence != last) {
                    failure = new Failure(last + 1, null, "the chain head says " + headSequence
                            + " events, but " + last + " are present");
                }
            }
            return new Report(failure == null, verified, checkpointsVerified, Math.max(0, last - lastCovered), failure);
        }

        private static java.time.Instant instant(String iso) {
            try {
                return java.time.OffsetDateTime.parse(iso).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return java.time.Instant.EPOCH;
            }
        }
    }

    public record Failure(long sequence, String eventId, String reason) {
    }

    /**
     * @param eventsNotCovered events after the last one a verified checkpoint covers: what no signature
     *                         vouches for yet
     */
    public record Report(boolean valid, long eventsVerified, int checkpointsVerified, long eventsNotCovered,
                         Failure firstFailure) {
    }
}
