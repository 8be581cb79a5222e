package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.tenant.MemberSignedIn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@code MemberSignedIn} revision 1 → 2: revision 1 did not record the WorkOS organization of a
 * sign-in, so it reads as {@code null}. Upcasting changes what handlers see, never the stored bytes:
 * the audit chain keeps covering exactly what was written.
 */
@Component
class MemberSignedInUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(MemberSignedIn.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(MemberSignedIn.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ((ObjectNode) payload).putNull("organizationId");
            return payload;
        });
    }
}
