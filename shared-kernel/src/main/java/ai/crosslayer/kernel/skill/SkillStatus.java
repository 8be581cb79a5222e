package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.WireWord;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * Where a skill stands: extracted and waiting for a decision, confirmed, or discarded. On the wire (JSON, query
 * parameters, pages) and in the skill catalog's {@code status} column it is its lowercase {@link #wire() word}.
 */
public enum SkillStatus implements WireWord {
    PROPOSED("proposed"),
    CONFIRMED("confirmed"),
    DISCARDED("discarded");

    private final String wire;

    SkillStatus(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status whose word is {@code word}; empty for anything else (including {@code null}). */
    public static Optional<SkillStatus> fromWire(String word) {
        return WireWord.from(values(), word);
    }

    /** The words, in order, for an error message that lists them. */
    public static String words() {
        return WireWord.words(values());
    }

    /** The word, so that pages and logs show what the API shows. */
    @Override
    public String toString() {
        return wire;
    }
}
