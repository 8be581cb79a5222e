package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Ids;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Identifies one skill; serialized as its bare string. */
public record SkillId(String value) {


    @JsonCreator
    public SkillId {
        Ids.requireUuid(value, "skill id");
    }

    /**
     * The skill extracted from one Slack event of one tenant: the same event always gives the same id, so
     * that extracting it again (a retry after a crash) finds the skill already there.
     */
    public static SkillId fromSlackEvent(String tenantId, String eventId) {
        return new SkillId(UUID.nameUUIDFromBytes(("slack-event:" + tenantId + ":" + eventId)
                .getBytes(StandardCharsets.UTF_8)).toString());
    }

    public static Optional<SkillId> parse(String text) {
        return Ids.isUuid(text) ? Optional.of(new SkillId(text)) : Optional.empty();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon uses {@code toString()} of an aggregate identifier as the stored aggregate id. */
    @Override
    public String toString() {
        return value;
    }
}
