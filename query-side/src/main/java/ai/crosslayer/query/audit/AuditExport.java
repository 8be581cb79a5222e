package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The self-serve export, {@code crosslayer-audit-export/2}: a header, the tenant's signed checkpoints,
 * then every event with its chain and stored bytes — as NDJSON (one JSON object per line) or CSV (one
 * row per record, a {@code record} column telling which). Written line by line, so memory stays
 * constant whatever the log's size; read back by {@link #verify}, which needs the file and the public
 * key alone.
 */
public final class AuditExport {

    public static final String FORMAT_NAME = "crosslayer-audit-export/2";
    /** Files of the first version verify too: their records are a subset of this one's. */
    static final String FORMAT_V1 = "crosslayer-audit-export/1";
    /**
     * A value that is SQL NULL is an empty, unquoted field, and its column is also named in {@code nulls}
     * (so that a spreadsheet, which shows an empty string and a NULL alike, still tells them apart).
     */
    static final List<String> CSV_COLUMNS = List.of("record", "tenant_id", "sequence", "global_index", "event_id",
            "action", "occurred_at", "actor_id", "actor_type", "target_type", "target_id", "source",
            "correlation_id", "payload_type", "payload_revision", "time_stamp", "aggregate_type",
            "aggregate_identifier", "aggregate_sequence", "payload_json", "payload_base64", "meta_data_base64",
            "prev_hash", "hash", "key_id", "signature", "format", "public_key", "appended_at", "tree_root", "nulls");

    public enum Format {
        NDJSON, CSV;

        /** The format named by a user; a clear message names the ones that exist. */
        public static Format named(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown export format '" + name + "': use ndjson or csv");
        }

        public String mediaType() {
            return this == NDJSON ? "application/x-ndjson" : "text/csv";
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AuditLog log;
    private final ObjectMapper json;
    private final AuditRecords records;
    private final Clock clock;
    private final CheckpointSigner signer;

    /** An export that is not closed by a fresh checkpoint: for tests of the format alone. */
    public AuditExport(AuditLog log, ObjectMapper json, Clock clock) {
        this(log, json, clock, null);
    }

    /** @param signer signs the head as the export begins; the export then ends at that checkpoint */
    public AuditExport(AuditLog log, ObjectMapper json, Clock clock, CheckpointSigner signer) {
        this.log = log;
        this.json = json;
        this.records = new AuditRecords(json);
        this.clock = clock;
        this.signer = signer;
    }

    /**
     * Writes the tenant's export as lines (each without its line break). Blocking. With a signer, the head
     * is signed (after the signer verified the chain) before the export's snapshot is taken, the export
     * covers exactly the events up to that checkpoint, and ends with it; when the signer refuses, every
     * event is exported and the last record says why it is not signed.
     */
    public void write(TenantId tenant, Format format, AuditPublicKey key, Consumer<String> lines) {
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
        if (format == Format.CSV) {
            lines.accept(csv(CSV_COLUMNS));
        }
        log.stream(tenant, through,
                head -> lines.accept(format == Format.NDJSON ? header(head, exportedAt, key).toString()
                        : csvHeader(head, exportedAt, key)),
                checkpoint -> lines.accept(format == Format.NDJSON
                        ? records.checkpoint(checkpoint).toString() : csvCheckpoint(checkpoint)),
                event -> lines.accept(format == Format.NDJSON ? records.event(event).toString() : csvEvent(event)));
        if (closing != null) {
            lines.accept(format == Format.NDJSON ? records.checkpoint(closing).toString() : csvCheckpoint(closing));
        } else if (refused != null) {
            ObjectNode unsigned = json.createObjectNode().put("record", "unsigned").put("reason", refused);
            lines.accept(format == Format.NDJSON ? unsigned.toString()
                    : csvRow(Map.of("record", "unsigned", "action", refused)));
        }
    }

    private ObjectNode header(AuditLog.Head head, String exportedAt, AuditPublicKey key) {
        ObjectNode header = json.createObjectNode();
        header.put("record", "export");
        header.put("format", FORMAT_NAME);
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

    /** The CSV's first record: tenant, head, export time and key, as the NDJSON header has them. */
    private String csvHeader(AuditLog.Head head, String exportedAt, AuditPublicKey key) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("record", "export");
        row.put("format", FORMAT_NAME);
        row.put("tenant_id", head.tenantId());
        row.put("sequence", Long.toString(head.sequence()));
        row.put("occurred_at", exportedAt);
        row.put("key_id", key == null ? null : key.keyId());
        row.put("public_key", key == null ? null : Base64.getEncoder().encodeToString(key.publicKey()));
        return csvRow(row);
    }

    /** A checkpoint record as the export and the witness write it. */
    public static ObjectNode checkpointRecord(ObjectMapper json, AuditChain.Checkpoint checkpoint) {
        return new AuditRecords(json).checkpoint(checkpoint);
    }

    /** Reads a checkpoint record back; a record that is not one is {@link NotAnExport}. */
    public static AuditChain.Checkpoint readCheckpoint(JsonNode record) {
        if (!"checkpoint".equals(record.path("record").asText()) || !record.path("sequence").canConvertToLong()) {
            throw new NotAnExport("a record is not a checkpoint");
        }
        try {
            return new AuditChain.Checkpoint(record.path("tenantId").asText(), record.path("sequence").asLong(),
                    hex(record.path("headHash").asText()), record.path("signedAt").asText(), record.path("keyId").asText(),
                    Base64.getDecoder().decode(record.path("signature").asText()),
                    record.hasNonNull("treeRoot") ? hex(record.path("treeRoot").asText()) : null);
        } catch (IllegalArgumentException e) {
            throw new NotAnExport("a checkpoint's signature is not base64");
        }
    }

    private String csvEvent(AuditChain.StoredEvent e) {
        return csvRow(csvEventRow(records, e));
    }

    /** Every column an event row has, NULL values included (they are named in {@code nulls}). */
    private static Map<String, String> csvEventRow(AuditRecords records, AuditChain.StoredEvent e) {
        ObjectNode r = records.event(e);
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

    private static String csvCheckpoint(AuditChain.Checkpoint c) {
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
        return csvRow(row);
    }

    /** One row: the given columns, the rest absent; those given as NULL are listed in {@code nulls}. */
    private static String csvRow(Map<String, String> row) {
        String nulls = row.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .reduce((a, b) -> a + ";" + b).orElse(null);
        return csv(CSV_COLUMNS.stream().map(column -> "nulls".equals(column) ? nulls : row.get(column)).toList());
    }

    /** RFC 4180: every field quoted, quotes doubled; an absent value is an empty, unquoted field. */
    static String csv(List<String> fields) {
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

    /**
     * Verifies an export file with nothing but the file and the public keys (not the keys the file names:
     * the auditor's own copies are the trust anchor), and any checkpoints taken from the witness. Every
     * displayed field of an event must equal what its {@code stored} bytes say. Refuses a file that is not
     * an export.
     */
    public static AuditChain.Report verify(BufferedReader file, Collection<byte[]> trustedKeys, ObjectMapper json) {
        return verify(file, trustedKeys, List.of(), json);
    }

    public static AuditChain.Report verify(BufferedReader file, Collection<byte[]> trustedKeys,
                                           Collection<AuditChain.Checkpoint> witnessed, ObjectMapper json) {
        try {
            String first = file.readLine();
            if (first == null) {
                throw new NotAnExport("the file is empty");
            }
            if (first.startsWith("\"record\"")) {
                return verifyCsv(first, file, trustedKeys, witnessed, json);
            }
            JsonNode header = parse(json, first);
            String format = header.path("format").asText();
            if (!"export".equals(header.path("record").asText()) || !(FORMAT_NAME.equals(format) || FORMAT_V1.equals(format))) {
                throw new NotAnExport("its first line is not a " + FORMAT_NAME + " header");
            }
            AuditRecords records = new AuditRecords(json);
            AuditChain.Verifier verifier = new AuditChain.Verifier(header.path("tenantId").asText(), trustedKeys);
            witnessed.forEach(verifier::witnessed);
            verifier.exportedAt(header.path("exportedAt").asText(null));
            String line;
            while ((line = file.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = parse(json, line);
                switch (record.path("record").asText()) {
                    case "checkpoint" -> verifier.checkpoint(readCheckpoint(record));
                    case "event" -> {
                        AuditChain.StoredEvent event = storedEvent(record);
                        verifier.event(event);
                        String differ = differingFields(records.event(event), record);
                        if (differ != null) {
                            verifier.fail(event, "its displayed " + differ + " differ from its stored bytes");
                        }
                    }
                    case "unsigned" -> {
                        // The service could not sign at export time; what is uncovered is counted in the report.
                    }
                    default -> throw new NotAnExport("a line is neither an event nor a checkpoint");
                }
            }
            return verifier.report(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant an export file is of, from its header; {@link NotAnExport} when it has none. */
    public static String tenantOf(java.nio.file.Path file) throws IOException {
        try (BufferedReader lines = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            if (first == null) {
                throw new NotAnExport("the file is empty");
            }
            if (first.startsWith("\"record\"")) {
                String second = lines.readLine();
                List<String> row = second == null ? List.of() : parseCsv(second);
                int column = CSV_COLUMNS.indexOf("tenant_id");
                if (row.size() != CSV_COLUMNS.size() || row.get(column) == null) {
                    throw new NotAnExport("its first row is not the export record");
                }
                return row.get(column);
            }
            JsonNode header = parse(new ObjectMapper(), first);
            if (!header.path("tenantId").isTextual()) {
                throw new NotAnExport("its first line is not a " + FORMAT_NAME + " header");
            }
            return header.path("tenantId").asText();
        }
    }

    private static AuditChain.StoredEvent storedEvent(JsonNode record) {
        JsonNode s = record.path("stored");
        try {
            return new AuditChain.StoredEvent(s.path("tenantId").asText(),
                    record.path("sequence").asLong(), record.path("globalIndex").asLong(),
                    s.path("eventIdentifier").asText(), s.path("payloadType").asText(),
                    textOrNull(s, "payloadRevision"), s.path("timeStamp").asText(),
                    textOrNull(s, "aggregateType"), s.path("aggregateIdentifier").asText(),
                    s.path("aggregateSequence").asLong(), Base64.getDecoder().decode(s.path("payload").asText()),
                    s.hasNonNull("metaData") ? Base64.getDecoder().decode(s.path("metaData").asText()) : null,
                    hex(record.path("prevHash").asText()), hex(record.path("hash").asText()), textOrNull(s, "appendedAt"));
        } catch (IllegalArgumentException e) {
            throw new NotAnExport("an event's stored bytes are not base64");
        }
    }

    /** The top-level fields where the file's record and the one its stored bytes make differ, or null. */
    private static String differingFields(ObjectNode fromStored, JsonNode inFile) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        fromStored.fieldNames().forEachRemaining(names::add);
        inFile.fieldNames().forEachRemaining(names::add);
        List<String> differ = names.stream().filter(name -> !sameJson(fromStored.get(name), inFile.get(name))).toList();
        return differ.isEmpty() ? null : (differ.size() == 1 ? "field " : "fields ") + String.join(", ", differ);
    }

    /** Equal as JSON values: numbers by value (a file read back has ints where the writer had longs). */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals((x, y) -> x.equals(y) || x.isNumber() && y.isNumber()
                && x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1, b);
    }

    private static AuditChain.Report verifyCsv(String headerLine, BufferedReader file, Collection<byte[]> trustedKeys,
                                               Collection<AuditChain.Checkpoint> witnessed, ObjectMapper json)
            throws IOException {
        if (!parseCsv(headerLine).equals(CSV_COLUMNS)) {
            throw new NotAnExport("its header row is not the " + FORMAT_NAME + " CSV header");
        }
        AuditRecords records = new AuditRecords(json);
        AuditChain.Verifier verifier = null;
        String line;
        while ((line = file.readLine()) != null) {
            List<String> fields = parseCsv(line);
            if (fields.size() != CSV_COLUMNS.size()) {
                throw new NotAnExport("a row has " + fields.size() + " fields instead of " + CSV_COLUMNS.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                row.put(CSV_COLUMNS.get(i), fields.get(i));
            }
            String kind = String.valueOf(row.get("record"));
            if (verifier == null) {
                if (!"export".equals(kind) || !FORMAT_NAME.equals(row.get("format"))) {
                    throw new NotAnExport("its first row is not the export record");
                }
                verifier = new AuditChain.Verifier(row.get("tenant_id"), trustedKeys);
                witnessed.forEach(verifier::witnessed);
                verifier.exportedAt(row.get("occurred_at"));
                continue;
            }
            try {
                switch (kind) {
                    case "checkpoint" -> verifier.checkpoint(new AuditChain.Checkpoint(row.get("tenant_id"),
                            Long.parseLong(row.get("sequence")), hex(row.get("hash")), row.get("occurred_at"),
                            row.get("key_id"), Base64.getDecoder().decode(row.get("signature")),
                            row.get("tree_root") == null ? null : hex(row.get("tree_root"))));
                    case "event" -> {
                        AuditChain.StoredEvent event = new AuditChain.StoredEvent(row.get("tenant_id"),
                                Long.parseLong(row.get("sequence")), Long.parseLong(row.get("global_index")),
                                row.get("event_id"), row.get("payload_type"), row.get("payload_revision"),
                                row.get("time_stamp"), row.get("aggregate_type"), row.get("aggregate_identifier"),
                                Long.parseLong(row.get("aggregate_sequence")),
                                Base64.getDecoder().decode(row.get("payload_base64")),
                                row.get("meta_data_base64") == null ? null : Base64.getDecoder().decode(row.get("meta_data_base64")),
                                hex(row.get("prev_hash")), hex(row.get("hash")), row.get("appended_at"));
                        verifier.event(event);
                        List<String> expected = parseCsv(csvRow(csvEventRow(records, event)));
                        List<String> differ = new ArrayList<>();
                        for (int i = 0; i < CSV_COLUMNS.size(); i++) {
                            if (!java.util.Objects.equals(expected.get(i), fields.get(i))) {
                                differ.add(CSV_COLUMNS.get(i));
                            }
                        }
                        if (!differ.isEmpty()) {
                            verifier.fail(event, "its displayed column(s) " + String.join(", ", differ)
                                    + " differ from its stored bytes");
                        }
                    }
                    case "unsigned" -> {
                        // As in NDJSON: counted as uncovered.
                    }
                    default -> throw new NotAnExport("a row is neither an event nor a checkpoint");
                }
            } catch (NumberFormatException | NullPointerException e) {
                throw new NotAnExport("a row lacks a number or a hash it needs");
            }
        }
        if (verifier == null) {
            throw new NotAnExport("it has a header and no records");
        }
        return verifier.report(-1);
    }

    /** Parses one line written by {@link #csv}: quoted fields with doubled quotes, empty for absent. */
    static List<String> parseCsv(String line) {
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

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new NotAnExport("a line is not JSON");
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static byte[] hex(String value) {
        if (value == null) {
            throw new NotAnExport("a hash is missing");
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new NotAnExport("a hash is not hexadecimal");
        }
    }

    /** The file given to verify is not an export (or not one this version reads). */
    public static final class NotAnExport extends RuntimeException {
        public NotAnExport(String why) {
            super("not a " + FORMAT_NAME + " file: " + why);
        }
    }
}
