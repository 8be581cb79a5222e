package ai.crosslayer.kernel;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A status that crosses modules as an enum but travels as a lowercase word: in JSON (each constant's {@link #wire()}
 * is its {@code @JsonValue}), in query parameters, on pages (its {@code toString}), and in the read-model column that
 * stores it. The words are a contract with clients and stored rows: a constant may be renamed, its word never.
 */
public interface WireWord {

    /** The word stored in the read model and shown on the wire. */
    String wire();

    /** The constant of {@code values} whose word is {@code word}; empty for anything else (including {@code null}). */
    static <E extends Enum<E> & WireWord> Optional<E> from(E[] values, String word) {
        return Arrays.stream(values).filter(value -> value.wire().equals(word)).findFirst();
    }

    /** The words of {@code values} in order, for an error message that lists them. */
    static <E extends Enum<E> & WireWord> String words(E[] values) {
        return Arrays.stream(values).map(WireWord::wire).collect(Collectors.joining(", "));
    }
}
