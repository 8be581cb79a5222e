package ai.crosslayer.ops.testing;

import ai.crosslayer.kernel.testing.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for several {@link ServiceProcess} nodes of one deployment on one PostgreSQL (issue 17.1): the same
 * database, the same keys (a session signed by one node opens on another; every node opens every token), one
 * audit witness directory. Each node gets the local profile's conveniences otherwise.
 */
public final class SharedDatabaseNodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SharedDatabaseNodes() {
    }

    /** The environment every node of the deployment starts with; {@code dir} holds the witness and data directories. */
    public static Map<String, String> environment(TestPostgres.Database database, Path dir) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("CROSSLAYER_DATABASE_URL", database.url());
        environment.put("CROSSLAYER_DATABASE_USER", database.user());
        if (database.password() != null) {
            environment.put("CROSSLAYER_DATABASE_PASSWORD", database.password());
        }
        // The roles are server-wide: the same passwords as the in-process services of this test JVM give them.
        environment.put("CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD);
        environment.put("CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD);
        environment.put("CROSSLAYER_DATABASE_SIGNER_PASSWORD", RunningService.ROLE_PASSWORD);
        environment.put("CROSSLAYER_MASTER_KEY", randomKey());
        environment.put("CROSSLAYER_AUDIT_SIGNING_KEY", randomKey());
        environment.put("CROSSLAYER_SESSION_KEY", randomKey());
        try {
            environment.put("CROSSLAYER_AUDIT_WITNESS", Files.createDirectories(dir.resolve("witness")).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put("CROSSLAYER_DATA_DIR", dir.resolve("data").toString());
        return environment;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
