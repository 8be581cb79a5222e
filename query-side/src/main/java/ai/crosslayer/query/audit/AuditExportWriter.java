package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a tenant's {@link AuditExportFormat export} line by line, so memory stays constant whatever the
 * log's size; {@link AuditExportReader#verify} reads it back with the file and the public key alone.
 */
public final class AuditExportWriter {

    private final AuditLog log;
    private final ObjectMapper json;
    private final AuditRecords records;
    private final Clock clock;
    private final CheckpointSigner signer;
    private final PersonalDataKeys personalKeys;

    /** An export that is not closed by a fresh checkpoint and has no {@code personal} annotations: for tests of the format alone. */
    public AuditExportWriter(AuditLog log, ObjectMapper json, Clock clock) {
        this(log, json, clock, null, null);
    }

    /**
     * @param signer       signs the head as the export begins; the export then ends at that checkpoint
     * @param personalKeys the tenant's data keys, read once as the export begins, for the {@code personal}
     *                     annotation of events with sealed fields; null for none (tests of the chain alone)
     */
    public AuditExportWriter(AuditLog log, ObjectMapper json, Clock clock, CheckpointSigner signer,
                             PersonalDataKeys personalKeys) {
        this.log = log;
        this.json = json;
        this.records = new AuditRecords(json);
        this.clock = clock;
        this.signer = signer;
        this.personalKeys = personalKeys;
    }

    /**
     * Writes the tenant's export as lines (each without its line break). Blocking. With a signer, the head
     * is signed (after the signer verified the chain) before the export's snapshot is taken, the export
     * covers exactly the events up to that checkpoint, and ends with it; when the signer refuses, every
     * event is exported and the last record says why it is not signed.
     */
    public void write(TenantId tenant, AuditExportFormat format, AuditPublicKey key, Consumer<String> lines) {
        AuditChain.Checkpoint closing = null;
        String refused = null;
        if (signer != null) {
            try {
                closing = signer.signHead(tenant).orElse(null);
            } catch (RuntimeException e) {
                refused = e.getMessage();
            }
        }
        long through = closing == null ? Long.MAX_VALUE : closing.tenantSequence();
        String exportedAt = clock.instant().toString();
        // One read of the tenant's data keys, as of the export's time: never a query per event.
        PersonalAnnotations personal = personalKeys == null ? null
                : new PersonalAnnotations(json, personalKeys.keyStates(tenant));
        if (format == AuditExportFormat.CSV) {
            lines.accept(AuditCsv.line(AuditCsv.COLUMNS));
        }
        log.stream(tenant, through,
                head -> lines.accept(format == AuditExportFormat.NDJSON ? header(head, exportedAt, key).toString()
                        : AuditCsv.exportRow(head, exportedAt, key)),
                checkpoint -> lines.accept(format == AuditExportFormat.NDJSON
                        ? records.checkpoint(checkpoint).toString() : AuditCsv.checkpoint(checkpoint)),
                event -> lines.accept(format == AuditExportFormat.NDJSON
                        ? records.event(event, personal).toString() : AuditCsv.event(records, event, personal)));
        if (closing != null) {
            lines.accept(format == AuditExportFormat.NDJSON
                    ? records.checkpoint(closing).toString() : AuditCsv.checkpoint(closing));
        } else if (refused != null) {
            ObjectNode unsigned = json.createObjectNode().put("record", "unsigned").put("reason", refused);
            lines.accept(format == AuditExportFormat.NDJSON ? unsigned.toString()
                    : AuditCsv.row(Map.of("record", "unsigned", "action", refused)));
        }
    }

    private ObjectNode header(AuditLog.Head head, String exportedAt, AuditPublicKey key) {
        ObjectNode header = json.createObjectNode();
        header.put("record", "export");
        header.put("format", AuditExportFormat.NAME);
        header.put("tenantId", head.tenantId());
        header.put("headSequence", head.sequence());
        header.put("exportedAt", exportedAt);
        header.put("algorithm", "Ed25519");
        header.put("keyId", key == null ? null : key.keyId());
        header.put("publicKey", key == null ? null : Base64.getEncoder().encodeToString(key.publicKey()));
        if (key != null) {
            key.retired().forEach(old -> header.withArray("retiredPublicKeys")
                    .add(Base64.getEncoder().encodeToString(old.publicKey())));
        }
        return header;
    }

    /** A checkpoint record as the export and the witness write it. */
    public static ObjectNode checkpointRecord(ObjectMapper json, AuditChain.Checkpoint checkpoint) {
        return new AuditRecords(json).checkpoint(checkpoint);
    }
}
