package ai.crosslayer.ops.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start refused because of the embedded database says why in its sentence, not in a stack trace. */
public class EmbeddedDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabaseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabaseException cause) {
        return new FailureAnalysis(cause.getMessage(), cause instanceof DataDirectoryInUse
                ? "Stop the other process, or give this one another CROSSLAYER_DATA_DIR."
                : "See the lines of the 'postgres' logger above; the data directory is kept as it is.", cause);
    }
}
