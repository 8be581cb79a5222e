package ai.crosslayer.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an {@link AuditExportFormat export} back, NDJSON or CSV, to verify it with nothing but the file
 * and the public keys; a file that is not an export is {@link NotAnExport}.
 */
public final class AuditExportReader {

    private AuditExportReader() {
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
            if (AuditCsv.isHeader(first)) {
                return verifyCsv(first, file, trustedKeys, witnessed, json);
            }
            JsonNode header = parse(json, first);
            String format = header.path("format").asText();
            if (!"export".equals(header.path("record").asText())
                    || !(AuditExportFormat.NAME.equals(format) || AuditExportFormat.V1.equals(format))) {
                throw new NotAnExport("its first line is not a " + AuditExportFormat.NAME + " header");
            }
            AuditRecords records = new AuditRecords(json);
            AuditChain.Verifier verifier = verifier(header.path("tenantId").asText(),
                    header.path("exportedAt").asText(null), trustedKeys, witnessed);
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

    /** A verifier of the tenant's chain that trusts only the given keys and knows the witnessed checkpoints. */
    private static AuditChain.Verifier verifier(String tenant, String exportedAt, Collection<byte[]> trustedKeys,
                                                Collection<AuditChain.Checkpoint> witnessed) {
        AuditChain.Verifier verifier = new AuditChain.Verifier(tenant, trustedKeys);
        witnessed.forEach(verifier::witnessed);
        verifier.exportedAt(exportedAt);
        return verifier;
    }

    /** The tenant an export file is of, from its header; {@link NotAnExport} when it has none. */
    public static String tenantOf(Path file) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            if (first == null) {
                throw new NotAnExport("the file is empty");
            }
            if (AuditCsv.isHeader(first)) {
                String second = lines.readLine();
                List<String> row = second == null ? List.of() : AuditCsv.parse(second);
                int column = AuditCsv.COLUMNS.indexOf("tenant_id");
                if (row.size() != AuditCsv.parse(first).size() || row.get(column) == null) {
                    throw new NotAnExport("its first row is not the export record");
                }
                return row.get(column);
            }
            JsonNode header = parse(new ObjectMapper(), first);
            if (!header.path("tenantId").isTextual()) {
                throw new NotAnExport("its first line is not a " + AuditExportFormat.NAME + " header");
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

    /**
     * The top-level fields where the file's record and the one its stored bytes make differ, or null. The derived
     * {@code personal} annotation is not among them: it is not in the stored bytes and the chain does not cover it.
     */
    private static String differingFields(ObjectNode fromStored, JsonNode inFile) {
        Set<String> names = new TreeSet<>();
        fromStored.fieldNames().forEachRemaining(names::add);
        inFile.fieldNames().forEachRemaining(names::add);
        names.remove(PersonalAnnotations.FIELD);
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
        List<String> columns = AuditCsv.parse(headerLine);
        if (!columns.equals(AuditCsv.COLUMNS) && !columns.equals(AuditCsv.COLUMNS_WITHOUT_PERSONAL)) {
            throw new NotAnExport("its header row is not the " + AuditExportFormat.NAME + " CSV header");
        }
        AuditRecords records = new AuditRecords(json);
        AuditChain.Verifier verifier = null;
        String line;
        while ((line = file.readLine()) != null) {
            List<String> fields = AuditCsv.parse(line);
            if (fields.size() != columns.size()) {
                throw new NotAnExport("a row has " + fields.size() + " fields instead of " + columns.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                row.put(columns.get(i), fields.get(i));
            }
            String kind = String.valueOf(row.get("record"));
            if (verifier == null) {
                if (!"export".equals(kind) || !AuditExportFormat.NAME.equals(row.get("format"))) {
                    throw new NotAnExport("its first row is not the export record");
                }
                verifier = verifier(row.get("tenant_id"), row.get("occurred_at"), trustedKeys, witnessed);
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
                        List<String> expected = AuditCsv.parse(AuditCsv.event(records, event));
                        List<String> differ = new ArrayList<>();
                        for (int i = 0; i < columns.size(); i++) {
                            // The derived personal column is not in the stored bytes: not compared, not covered.
                            if (!PersonalAnnotations.FIELD.equals(columns.get(i))
                                    && !Objects.equals(expected.get(AuditCsv.COLUMNS.indexOf(columns.get(i))), fields.get(i))) {
                                differ.add(columns.get(i));
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
}
