package ai.crosslayer.ops.database;

/** The embedded PostgreSQL could not be prepared, started or stopped; the message says why in a sentence. */
public class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message) {
        super(message);
    }

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
