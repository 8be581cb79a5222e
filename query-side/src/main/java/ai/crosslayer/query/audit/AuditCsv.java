package ai.crosslayer.query.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export's CSV encoding: one row per record, every field quoted (RFC 4180), a {@code record}
 * column telling which record a row is. Written by {@link AuditExportWriter}; the rows an event's stored
 * bytes make are also what {@link AuditExportReader} compares a file's rows with.
 */
final class AuditCsv {

    /**
     * A value that is SQL NULL is an empty, unquoted field, and its column is also named in {@code nulls}
     * (so that a spreadsheet, which shows an empty string and a NULL alike, still tells them apart).
     */
    static final List<String> COLUMNS = List.of("record", "tenant_id", "sequence", "global_index", "event_id",
            "action", "occurred_at", "actor_id", "actor_type", "target_type", "target_id", "source",
            "correlation_id", "payload_type", "payload_revision", "time_stamp", "aggregate_type",
            "aggregate_identifier", "aggregate_sequence", "payload_json", "payload_base64", "meta_data_base64",
            "prev_hash", "hash", "key_id", "signature", "format", "public_key", "appended_at", "tree_root", "nulls", "personal");

    /**
     * The columns of a CSV export written before the {@code personal} column existed: they verify as before, the
     * column being derived and not covered by the chain.
     */
    static final List<String> COLUMNS_WITHOUT_PERSONAL = COLUMNS.subList(0, COLUMNS.size() - 1);

    private AuditCsv() {
    }

    /** Whether an export's first line is the CSV header row (an NDJSON export begins with a JSON object). */
    static boolean isHeader(String firstLine) {
        return firstLine.startsWith("\"record\"");
    }

    /** The CSV's first record: tenant, head, export time and key, as the NDJSON header has them. */
    static String exportRow(AuditLog.Head head, String exportedAt, AuditPublicKey key) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("record", "export");
        row.put("format", AuditExportFormat.NAME);
        row.put("tenant_id", head.tenantId());
        row.put("sequence", Long.toString(head.sequence()));
        row.put("occurred_at", exportedAt);
        row.put("key_id", key == null ? null : key.keyId());
        row.put("public_key", key == null ? null : Base64.getEncoder().encodeToString(key.publicKey()));
        return row(row);
    }

    /** An event's row as its stored bytes make it, without the derived {@code personal} column. */
    static String event(AuditRecords records, AuditChain.StoredEvent e) {
        return event(records, e, null);
    }

    /**
     * An event's row; with {@code personal}, its sealed fields are annotated in the {@code personal} column (JSON,
     * as NDJSON's {@code personal}), which is absent for an event without sealed fields.
     */
    static String event(AuditRecords records, AuditChain.StoredEvent e, PersonalAnnotations personal) {
        ObjectNode r = records.event(e, personal);
        Map<String, String> row = eventRow(r, e);
        if (r.has(PersonalAnnotations.FIELD)) {
            row.put("personal", r.get(PersonalAnnotations.FIELD).toString());
        }
        return row(row);
    }

    /** Every column an event row has, NULL values included (they are named in {@code nulls}). */
    private static Map<String, String> eventRow(ObjectNode r, AuditChain.StoredEvent e) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("record", "event");
        row.put("tenant_id", e.tenantId());
        row.put("sequence", Long.toString(e.tenantSequence()));
        row.put("global_index", Long.toString(e.globalIndex()));
        row.put("event_id", e.eventId());
        row.put("action", r.path("action").asText());
        row.put("occurred_at", e.timeStamp());
        row.put("actor_id", r.path("actor").path("id").asText());
        row.put("actor_type", r.path("actor").path("type").asText());
        row.put("target_type", r.path("targets").path(0).path("type").asText());
        row.put("target_id", e.aggregateId());
        row.put("source", r.path("context").path("source").asText(null));
        row.put("correlation_id", r.path("context").path("correlationId").asText(null));
        row.put("payload_type", e.payloadType());
        row.put("payload_revision", e.payloadRevision());
        row.put("time_stamp", e.timeStamp());
        row.put("aggregate_type", e.aggregateType());
        row.put("aggregate_identifier", e.aggregateId());
        row.put("aggregate_sequence", Long.toString(e.aggregateSequence()));
        row.put("payload_json", r.path("event").path("data").toString());
        row.put("payload_base64", Base64.getEncoder().encodeToString(e.payload()));
        row.put("meta_data_base64", e.metaData() == null ? null : Base64.getEncoder().encodeToString(e.metaData()));
        row.put("prev_hash", HexFormat.of().formatHex(e.prevHash()));
        row.put("hash", HexFormat.of().formatHex(e.hash()));
        row.put("appended_at", e.appendedAt());
        return row;
    }

    static String checkpoint(AuditChain.Checkpoint c) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("record", "checkpoint");
        row.put("tenant_id", c.tenantId());
        row.put("sequence", Long.toString(c.tenantSequence()));
        row.put("occurred_at", c.signedAt());
        row.put("hash", HexFormat.of().formatHex(c.headHash()));
        row.put("key_id", c.keyId());
        row.put("signature", Base64.getEncoder().encodeToString(c.signature()));
        if (c.treeRoot() != null) {
            row.put("tree_root", HexFormat.of().formatHex(c.treeRoot()));
        }
        return row(row);
    }

    /** One row: the given columns, the rest absent; those given as NULL are listed in {@code nulls}. */
    static String row(Map<String, String> row) {
        String nulls = row.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .reduce((a, b) -> a + ";" + b).orElse(null);
        return line(COLUMNS.stream().map(column -> "nulls".equals(column) ? nulls : row.get(column)).toList());
    }

    /** RFC 4180: every field quoted, quotes doubled; an absent value is an empty, unquoted field. */
    static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields.get(i);
            if (field != null) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            }
        }
        return line.toString();
    }

    /** Parses one line written by {@link #line}: quoted fields with doubled quotes, empty for absent. */
    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i <= line.length()) {
            if (i == line.length() || line.charAt(i) == ',') {
                fields.add(null);
                i++;
                continue;
            }
            if (line.charAt(i) != '"') {
                throw new NotAnExport("a field is not quoted");
            }
            StringBuilder field = new StringBuilder();
            i++;
            while (true) {
                if (i >= line.length()) {
                    throw new NotAnExport("a quoted field is not closed");
                }
                char c = line.charAt(i);
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                } else if (c == '"') {
                    i++;
                    break;
                } else {
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            if (i < line.length() && line.charAt(i) != ',') {
                throw new NotAnExport("text follows a quoted field");
            }
            if (i == line.length()) {
                break;
            }
            i++;
        }
        return fields;
    }
}
