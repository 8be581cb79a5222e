package ai.crosslayer.ops.database;

import java.nio.file.Path;

/**
 * Another process (a running service, or an operator command) holds the embedded database's data directory.
 * Its message is the one sentence an operator needs; no stack trace adds to it.
 */
public class DataDirectoryInUse extends EmbeddedDatabaseException {

    public DataDirectoryInUse(Path dataDir) {
        super("The data directory " + dataDir + " is in use by another CrossLayer process (a running service or "
                + "operator command): stop it first, or run this beside a service that uses CROSSLAYER_DATABASE_URL.");
    }
}
