package ai.crosslayer.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An event as an auditor reads it, in the shape of a good audit log (after WorkOS Audit Logs and
 * Retraced): what was done ({@code action}), by whom ({@code actor}), to what ({@code targets}), from
 * where ({@code context}), when, its place in the chain and its hashes — and, under {@code stored},
 * the exact stored bytes that the hash covers, so that anyone can recompute it.
 */
final class AuditRecords {

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final ObjectMapper json;

    AuditRecords(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode event(AuditChain.StoredEvent e) {
        JsonNode metadata = readOrEmpty(e.metaData());
        ObjectNode record = json.createObjectNode();
        record.put("record", "event");
        record.put("id", e.eventId());
        record.put("sequence", e.tenantSequence());
        record.put("globalIndex", e.globalIndex());
        record.put("action", action(e.aggregateType(), e.payloadType()));
        record.put("occurredAt", e.timeStamp());
        if (e.appendedAt() != null) {
            record.put("appendedAt", e.appendedAt());
        }
        String actor = metadata.path("actor").asText("system");
        record.putObject("actor").put("id", actor).put("type", "system".equals(actor) ? "system" : "user");
        record.putArray("targets").addObject()
                .put("type", e.aggregateType() == null ? "event" : e.aggregateType().toLowerCase(Locale.ROOT))
                .put("id", e.aggregateId());
        ObjectNode context = record.putObject("context");
        for (String key : new String[]{"source", "correlationId", "traceId"}) {
            if (metadata.hasNonNull(key)) {
                context.put(key, metadata.get(key).asText());
            }
        }
        ObjectNode event = record.putObject("event");
        event.put("type", e.payloadType());
        event.put("revision", e.payloadRevision());
        event.set("data", readOrEmpty(e.payload()));
        record.put("prevHash", HEX.formatHex(e.prevHash()));
        record.put("hash", HEX.formatHex(e.hash()));
        ObjectNode stored = record.putObject("stored");
        stored.put("tenantId", e.tenantId());
        stored.put("eventIdentifier", e.eventId());
        stored.put("payloadType", e.payloadType());
        stored.put("payloadRevision", e.payloadRevision());
        stored.put("timeStamp", e.timeStamp());
        stored.put("aggregateType", e.aggregateType());
        stored.put("aggregateIdentifier", e.aggregateId());
        stored.put("aggregateSequence", e.aggregateSequence());
        stored.put("payload", B64.encodeToString(e.payload()));
        stored.put("metaData", e.metaData() == null ? null : B64.encodeToString(e.metaData()));
        if (e.appendedAt() != null) {
            stored.put("appendedAt", e.appendedAt());
        }
        return record;
    }

    /**
     * The event's record with, when its payload has sealed fields, the derived {@code personal} annotation (after
     * {@code stored}; not hashed). Without {@code personal}, the record alone.
     */
    ObjectNode event(AuditChain.StoredEvent e, PersonalAnnotations personal) {
        ObjectNode record = event(e);
        ObjectNode annotation = personal == null ? null : personal.of(record.path("event").path("data"));
        if (annotation != null) {
            record.set(PersonalAnnotations.FIELD, annotation);
        }
        return record;
    }

    ObjectNode checkpoint(AuditChain.Checkpoint c) {
        ObjectNode record = json.createObjectNode();
        record.put("record", "checkpoint");
        record.put("tenantId", c.tenantId());
        record.put("sequence", c.tenantSequence());
        record.put("headHash", HEX.formatHex(c.headHash()));
        record.put("signedAt", c.signedAt());
        record.put("keyId", c.keyId());
        record.put("algorithm", "Ed25519");
        record.put("signature", B64.encodeToString(c.signature()));
        if (c.treeRoot() != null) {
            record.put("treeSize", c.tenantSequence());
            record.put("treeRoot", HEX.formatHex(c.treeRoot()));
        }
        return record;
    }

    /**
     * {@code tenant.member_joined} from aggregate {@code Tenant} and event {@code ...MemberJoined};
     * {@code tenant.created} from {@code TenantCreated} (the aggregate's name is not repeated).
     */
    static String action(String aggregateType, String payloadType) {
        String event = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        String aggregate = aggregateType == null ? "" : aggregateType;
        if (!aggregate.isEmpty() && event.startsWith(aggregate) && event.length() > aggregate.length()) {
            event = event.substring(aggregate.length());
        }
        String verb = event.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return aggregate.isEmpty() ? verb : aggregate.toLowerCase(Locale.ROOT) + "." + verb;
    }

    private JsonNode readOrEmpty(byte[] bytes) {
        if (bytes == null) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (IOException notJson) {
            // Stored bytes that are not JSON are shown only in base64 under "stored".
            return json.createObjectNode();
        }
    }
}
