package ai.crosslayer.ops.eventstore;

import ai.crosslayer.command.integration.store.DataKeyVault;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import ai.crosslayer.kernel.personal.PersonalData;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sealed personal fields in stored events (issue 18). Each event component declared {@link PersonalData} is
 * written as
 * <pre>{@code {"sealed":"xchacha20poly1305","key":"<data key id>","nonce":"<base64>","ciphertext":"<base64>"}}</pre>
 * where the ciphertext is the component's own JSON, sealed under the data key of its subject with associated
 * data naming the tenant, the subject and the field ({@code <event type>.<component>}): a sealed value copied
 * into another tenant's, subject's or field's place does not open. A {@code null} stays {@code null}.
 *
 * <p>Reading accepts both forms, so events stored before sealing existed (plaintext) read as they always did: no
 * upcaster and no new revision, since the record's shape does not change, only how one value is written. A field
 * whose data key was destroyed reads as erased: the text {@value #ERASED} for a text component, {@code null} for
 * any other (a nested source).
 */
final class PersonalFieldSealing {

    /** What an erased text component reads as. */
    static final String ERASED = "erased";

    /** Seals and opens the bytes of one field; the data key vault in the service, a fixed key in the golden test. */
    interface Cipher {
        DataKeyVault.Sealed seal(TenantId tenant, String subject, byte[] associatedData, byte[] plaintext);

        /** Empty when the key was destroyed. */
        Optional<byte[]> open(TenantId tenant, DataKeyVault.Sealed sealed, byte[] associatedData);

        static Cipher of(DataKeyVault vault) {
            return new Cipher() {
                @Override
                public DataKeyVault.Sealed seal(TenantId tenant, String subject, byte[] associatedData, byte[] plaintext) {
                    return vault.seal(tenant, subject, associatedData, plaintext);
                }

                @Override
                public Optional<byte[]> open(TenantId tenant, DataKeyVault.Sealed sealed, byte[] associatedData) {
                    return vault.open(tenant, sealed, associatedData);
                }
            };
        }
    }

    /** One personal component of an event record, with the accessor of the component naming its subject. */
    record Declared(String component, PersonalData declaration, Class<?> type, Method subjectAccessor) {
    }

    private static final Map<Class<?>, List<Declared>> DECLARED = new ConcurrentHashMap<>();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private PersonalFieldSealing() {
    }

    /** The personal components of {@code type}, if it is a tenant-scoped record with any. */
    static List<Declared> declaredIn(Class<?> type) {
        return DECLARED.computeIfAbsent(type, t -> {
            if (!t.isRecord() || !TenantScoped.class.isAssignableFrom(t)) {
                return List.of();
            }
            List<Declared> declared = new ArrayList<>();
            for (RecordComponent component : t.getRecordComponents()) {
                PersonalData personal = component.getAnnotation(PersonalData.class);
                if (personal != null) {
                    declared.add(new Declared(component.getName(), personal, component.getType(),
                            subjectAccessor(t, personal.subjectFrom())));
                }
            }
            return List.copyOf(declared);
        });
    }

    /**
     * The module that seals on write and opens on read. {@code plain} is a mapper without it, for the JSON of
     * the value inside the seal and for subject ids.
     */
    static SimpleModule module(Cipher cipher, JsonMapper plain) {
        SimpleModule module = new SimpleModule("crosslayer-personal-fields");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                             List<BeanPropertyWriter> properties) {
                List<Declared> declared = declaredIn(description.getBeanClass());
                if (declared.isEmpty()) {
                    return properties;
                }
                List<BeanPropertyWriter> changed = new ArrayList<>(properties.size());
                for (BeanPropertyWriter property : properties) {
                    Declared personal = declared.stream()
                            .filter(d -> d.component().equals(property.getName())).findFirst().orElse(null);
                    changed.add(personal == null ? property
                            : new SealingWriter(property, personal, description.getBeanClass(), cipher, plain));
                }
                return changed;
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                List<Declared> declared = declaredIn(description.getBeanClass());
                return declared.isEmpty() ? deserializer
                        : new OpeningDeserializer(deserializer, description.getBeanClass(), declared, cipher, plain);
            }
        });
        return module;
    }

    /** The accessor of {@code type}'s component {@code name}, found once per event type rather than per field written. */
    private static Method subjectAccessor(Class<?> type, String name) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component.getAccessor();
            }
        }
        throw new IllegalStateException(type.getName() + " declares personal data of '" + name
                + "', which is none of its components");
    }

    static String subjectId(JsonNode value) {
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : null;
    }

    static byte[] associatedData(TenantId tenant, String subject, Class<?> event, String component) {
        return DataKeyVault.associatedData(tenant, subject, event.getName() + "." + component);
    }

    /** Writes a personal component sealed. */
    private static final class SealingWriter extends BeanPropertyWriter {

        private final transient Declared personal;
        private final Class<?> event;
        private final transient Cipher cipher;
        private final transient JsonMapper plain;

        SealingWriter(BeanPropertyWriter base, Declared personal, Class<?> event, Cipher cipher, JsonMapper plain) {
            super(base);
            this.personal = personal;
            this.event = event;
            this.cipher = cipher;
            this.plain = plain;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
            Object value = get(bean);
            if (value == null) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            TenantId tenant = ((TenantScoped) bean).tenantId();
            Object id = personal.subjectAccessor().invoke(bean);
            String subjectId = subjectId(plain.valueToTree(id));
            if (tenant == null || subjectId == null) {
                throw new IllegalArgumentException("refusing to store " + event.getName() + "." + personal.component()
                        + " in the clear: its subject (" + personal.declaration().subjectFrom() + ") or tenant is missing");
            }
            String subject = personal.declaration().subject().name(subjectId);
            DataKeyVault.Sealed sealed = cipher.seal(tenant, subject,
                    associatedData(tenant, subject, event, personal.component()), plain.writeValueAsBytes(value));
            gen.writeFieldName(getName());
            gen.writeStartObject();
            gen.writeStringField("sealed", "xchacha20poly1305");
            gen.writeStringField("key", sealed.keyId());
            gen.writeStringField("nonce", B64.encodeToString(sealed.nonce()));
            gen.writeStringField("ciphertext", B64.encodeToString(sealed.ciphertext()));
            gen.writeEndObject();
        }
    }

    /** Opens sealed components (or leaves plaintext ones of old events as they are), then reads the record. */
    private static final class OpeningDeserializer extends DelegatingDeserializer {

        private final Class<?> event;
        private final transient List<Declared> declared;
        private final transient Cipher cipher;
        private final transient JsonMapper plain;

        OpeningDeserializer(JsonDeserializer<?> delegate, Class<?> event, List<Declared> declared, Cipher cipher,
                            JsonMapper plain) {
            super(delegate);
            this.event = event;
            this.declared = declared;
            this.cipher = cipher;
            this.plain = plain;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new OpeningDeserializer(newDelegatee, event, declared, cipher, plain);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = parser.readValueAsTree();
            if (tree instanceof ObjectNode node) {
                for (Declared personal : declared) {
                    JsonNode value = node.get(personal.component());
                    if (isSealed(value)) {
                        node.set(personal.component(), open(node, personal, value));
                    }
                }
            }
            JsonParser opened = tree.traverse(parser.getCodec());
            opened.nextToken();
            return _delegatee.deserialize(opened, context);
        }

        private JsonNode open(ObjectNode node, Declared personal, JsonNode sealed) throws IOException {
            String tenantId = subjectId(node.get("tenantId"));
            String subjectId = subjectId(node.get(personal.declaration().subjectFrom()));
            if (tenantId == null || subjectId == null) {
                throw new IOException("a sealed " + event.getName() + "." + personal.component()
                        + " names no tenant or subject to open it with");
            }
            TenantId tenant = new TenantId(tenantId);
            String subject = personal.declaration().subject().name(subjectId);
            DataKeyVault.Sealed stored = new DataKeyVault.Sealed(sealed.path("key").asText(),
                    B64_DECODE.decode(sealed.path("nonce").asText()), B64_DECODE.decode(sealed.path("ciphertext").asText()));
            Optional<byte[]> plaintext = cipher.open(tenant, stored,
                    associatedData(tenant, subject, event, personal.component()));
            if (plaintext.isPresent()) {
                return plain.readTree(plaintext.get());
            }
            return personal.type() == String.class ? TextNode.valueOf(ERASED) : NullNode.instance;
        }
    }

    /** Whether a stored value is the sealed form (an old event's plaintext never is: no event has such a value). */
    static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && "xchacha20poly1305".equals(value.path("sealed").asText(null))
                && value.hasNonNull("key") && value.hasNonNull("nonce") && value.hasNonNull("ciphertext");
    }
}
