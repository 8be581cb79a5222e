package ai.crosslayer.kernel.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL every database test runs against, chosen once per test JVM:
 * <ul>
 *   <li>{@code CROSSLAYER_TEST_DATABASE_URL} (+ {@code _USER}, {@code _PASSWORD}): a server you run,
 *       whose user may create databases;</li>
 *   <li>else {@code CROSSLAYER_TEST_DATABASE=testcontainers}: a PostgreSQL container (tests skip,
 *       saying why, where no Docker engine runs);</li>
 *   <li>else an embedded PostgreSQL (zonky), the default.</li>
 * </ul>
 * Each call to {@link #freshDatabase()} creates an empty database, so tests never see each other's rows.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private TestPostgres() {
    }

    /** A new, empty database on the test server. */
    public static synchronized Database freshDatabase() {
        Server s = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(s.url("postgres"), s.user, s.password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name
                    + " (the test user needs CREATEDB): " + e.getMessage(), e);
        }
        return new Database(s.url(name), s.user, s.password);
    }

    /** Which server the tests use, for a line in a test report. */
    public static synchronized String describe() {
        return server().description;
    }

    private static Server server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static Server start() {
        String url = System.getenv("CROSSLAYER_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            // Any database of that server: the tests create their own beside it.
            int slash = url.lastIndexOf('/');
            String base = url.substring(0, slash + 1);
            return new Server(base + "%s", System.getenv("CROSSLAYER_TEST_DATABASE_USER"),
                    System.getenv("CROSSLAYER_TEST_DATABASE_PASSWORD"), "external PostgreSQL at " + base);
        }
        if ("testcontainers".equals(System.getenv("CROSSLAYER_TEST_DATABASE"))) {
            Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                    "CROSSLAYER_TEST_DATABASE=testcontainers, but no Docker engine is reachable here");
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
            container.start();
            String base = container.getJdbcUrl().substring(0, container.getJdbcUrl().lastIndexOf('/') + 1);
            return new Server(base + "%s", container.getUsername(), container.getPassword(),
                    "Testcontainers " + container.getDockerImageName());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            String base = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
            return new Server(base + "%s", "postgres", null, "embedded PostgreSQL on port " + embedded.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for the tests", e);
        }
    }

    private record Server(String urlPattern, String user, String password, String description) {
        String url(String database) {
            return urlPattern.formatted(database);
        }
    }

    /** One test's database: its JDBC URL and credentials, and a {@link DataSource} over them. */
    public record Database(String url, String user, String password) {

        public DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(url);
            dataSource.setUser(user);
            if (password != null) {
                dataSource.setPassword(password);
            }
            return dataSource;
        }
    }
}
