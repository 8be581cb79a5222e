package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.personal.PersonalDataKeys.KeyState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The {@code personal} annotation of an exported event (issue 18): for each sealed field of its payload, whose
 * data key sealed it and whether that key still exists ({@value #SEALED}) or was destroyed ({@value #ERASED}).
 * It is derived at export time from the tenant's data keys, outside the hashed bytes: the chain does not cover it,
 * and a verifier ignores it. It never opens a field: a field whose key lives shows {@value #SEALED}, not its
 * cleartext, which only subject access gives (to the person, or an admin answering them).
 */
final class PersonalAnnotations {

    static final String FIELD = "personal";
    static final String SEALED = "sealed";
    static final String ERASED = "erased";

    private final ObjectMapper json;
    private final Map<String, KeyState> keys;

    /** @param keys the tenant's data keys by key id, read once per export */
    PersonalAnnotations(ObjectMapper json, Map<String, KeyState> keys) {
        this.json = json;
        this.keys = keys;
    }

    /**
     * {@code {"email": {"state": "erased", "subject": "member:u_…"}}} for an event whose payload has sealed fields,
     * or null. A key the tenant holds no row for cannot open anything: its field is erased, its subject unknown.
     */
    ObjectNode of(JsonNode payload) {
        ObjectNode annotation = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = payload.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!value.isObject() || !value.path("sealed").isTextual() || !value.path("key").isTextual()) {
                continue;
            }
            KeyState key = keys.get(value.path("key").asText());
            if (annotation == null) {
                annotation = json.createObjectNode();
            }
            annotation.putObject(field.getKey())
                    .put("state", key == null || key.destroyed() ? ERASED : SEALED)
                    .put("subject", key == null ? null : key.subject());
        }
        return annotation;
    }
}
