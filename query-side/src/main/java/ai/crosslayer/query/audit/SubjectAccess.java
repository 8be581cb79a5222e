package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.PersonalData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A person's personal data as the tenant's events hold it (issue 18, item 4; GDPR Art. 15 and 20): every component
 * declared {@link PersonalData} about them (a {@link DataSubject#MEMBER} by user id, or a {@link DataSubject#SLACK_USER}
 * by Slack user id: the component named by {@code subjectFrom} holding that id), with the event it is in. It streams
 * the tenant's events in order (one at a time, in memory no more than one event and one output chunk), deserializes
 * only events of a type that declares personal data — through the event serializer, so sealed fields read as
 * plaintext while their key exists — and writes one JSON document, line by line.
 */
final class SubjectAccess {

    /** One declared personal component of an event type. */
    private record Declared(RecordComponent component, DataSubject subject, RecordComponent subjectFrom) {
    }

    private final AuditLog log;
    private final Serializer events;
    private final ObjectMapper json;
    private final Map<String, List<Declared>> declaredByType = new ConcurrentHashMap<>();

    SubjectAccess(AuditLog log, Serializer events, ObjectMapper json) {
        this.log = log;
        this.events = events;
        this.json = json;
    }

    /** Writes the document about member {@code userId} of {@code tenant} to {@code lines}. Blocking. */
    void write(TenantId tenant, String userId, Instant now, Consumer<String> lines) {
        write(tenant, DataSubject.MEMBER, "userId", userId, now, lines);
    }

    /**
     * Writes the document about the subject of kind {@code kind} and id {@code id} (named {@code idName} in the
     * document: {@code userId} for a member, {@code slackUserId} for a Slack user) to {@code lines}. Blocking.
     */
    void write(TenantId tenant, DataSubject kind, String idName, String id, Instant now, Consumer<String> lines) {
        ObjectNode head = json.createObjectNode();
        head.put("tenantId", tenant.value());
        head.put(idName, id);
        head.put("subject", kind.name(id));
        head.put("generatedAt", now.toString());
        String opening = head.toString();
        lines.accept(opening.substring(0, opening.length() - 1) + ",\"fields\":[");
        boolean[] first = {true};
        log.stream(tenant, h -> { }, c -> { }, stored -> {
            List<Declared> declared = declared(stored.payloadType());
            if (declared.isEmpty()) {
                return;
            }
            Object event = events.deserialize(new SimpleSerializedObject<>(stored.payload(), byte[].class,
                    stored.payloadType(), stored.payloadRevision()));
            for (Declared field : declared) {
                if (field.subject() != kind || !id.equals(String.valueOf(value(field.subjectFrom(), event)))) {
                    continue;
                }
                ObjectNode line = json.createObjectNode();
                line.put("sequence", stored.tenantSequence());
                line.put("eventId", stored.eventId());
                line.put("type", simpleName(stored.payloadType()));
                line.put("timestamp", stored.timeStamp());
                line.put("field", field.component().getName());
                line.set("value", json.valueToTree(value(field.component(), event)));
                lines.accept((first[0] ? "" : ",") + line);
                first[0] = false;
            }
        });
        lines.accept("]}");
    }

    /** The personal components of the event type, found once per type; none for a type this process does not know. */
    private List<Declared> declared(String type) {
        return declaredByType.computeIfAbsent(type, name -> {
            Class<?> event;
            try {
                event = Class.forName(name, false, SubjectAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return List.of();
            }
            if (!event.isRecord()) {
                return List.of();
            }
            RecordComponent[] components = event.getRecordComponents();
            return Arrays.stream(components)
                    .filter(c -> c.isAnnotationPresent(PersonalData.class))
                    .map(c -> {
                        PersonalData personal = c.getAnnotation(PersonalData.class);
                        RecordComponent from = Arrays.stream(components)
                                .filter(other -> other.getName().equals(personal.subjectFrom())).findFirst()
                                .orElseThrow(() -> new IllegalStateException(name + "." + c.getName()
                                        + " names no component '" + personal.subjectFrom() + "' as its subject"));
                        return new Declared(c, personal.subject(), from);
                    })
                    .toList();
        });
    }

    private static Object value(RecordComponent component, Object event) {
        try {
            return component.getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
