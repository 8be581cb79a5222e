package ai.crosslayer.ops.testing;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only {@link PersonalDataKeys} for a service started before the sealing of personal fields (issue 18,
 * item 1) provides the real one: it records which tenants and subjects were asked for, and destroys nothing.
 * A test adds it with {@code spring.main.sources}; once the real bean exists, the test asserts on the key table.
 */
@Component
public class RecordingPersonalDataKeys implements PersonalDataKeys {

    private final List<String> destroyed = new CopyOnWriteArrayList<>();

    @Override
    public boolean destroy(TenantId tenantId, String subject) {
        destroyed.add(tenantId.value() + "/" + subject);
        return false;
    }

    @Override
    public int destroyAllOf(TenantId tenantId) {
        destroyed.add(tenantId.value() + "/*");
        return 0;
    }

    /** What was asked for, in order: {@code <tenant>/<subject>}, or {@code <tenant>/*} for every key of a tenant. */
    public List<String> destroyed() {
        return List.copyOf(destroyed);
    }
}
