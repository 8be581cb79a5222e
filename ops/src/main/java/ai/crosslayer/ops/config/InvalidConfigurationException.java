package ai.crosslayer.ops.config;

import java.util.List;

/** Start-up refused: the message names every setting that is missing or malformed, one per line. */
public class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("CrossLayer cannot start; fix these settings:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
