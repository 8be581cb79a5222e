package ai.crosslayer.ops.database;

import ai.crosslayer.ops.testing.RunningService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The service's own database, when none is configured, is a real one: durable, closed to anyone without its
 * password, owned by one process, and started again when it dies. Issue 11, items 4 to 6. (The tests' shared
 * TestPostgres keeps zonky's test-friendly settings; this is the service's embedded server.)
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDatabaseIsDurableListensOnLoopbackOnlyAndWantsPasswords() throws Exception {
        try (RunningService service = local()) {
            DatabaseConfiguration.Connection connection = service.bean(DatabaseConfiguration.Connection.class);
            Path ownerPassword = dataDir.resolve("keys/postgres-owner.password");
            assertThat(Files.getPosixFilePermissions(ownerPassword)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            JdbcTemplate owner = new JdbcTemplate(new DriverManagerDataSource(connection.url(), "postgres",
                    Files.readString(ownerPassword).trim()));

            assertThat(owner.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(owner.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            assertThat(owner.queryForObject("SHOW full_page_writes", String.class)).isEqualTo("on");
            assertThat(owner.queryForObject("SHOW listen_addresses", String.class)).isEqualTo("127.0.0.1");
            assertThat(owner.queryForObject("SHOW unix_socket_directories", String.class)).as("no Unix socket").isEmpty();
            assertThat(owner.queryForList("SELECT DISTINCT type || ' ' || auth_method FROM pg_hba_file_rules", String.class))
                    .containsExactly("host scram-sha-256");

            assertThatThrownBy(() -> DriverManager.getConnection(connection.url(), "postgres", null).close())
                    .as("no passwordless superuser").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(connection.url(), "postgres", "postgres").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");

            // The service itself works as its three non-superuser roles, as it would on an external server.
            JdbcTemplate app = new JdbcTemplate(service.bean(javax.sql.DataSource.class));
            assertThat(owner.queryForList("SELECT rolname FROM pg_authid WHERE rolname LIKE 'crosslayer%' "
                    + "AND NOT rolsuper AND NOT rolbypassrls AND rolpassword LIKE 'SCRAM-SHA-256$%'", String.class))
                    .as("neither superuser nor BYPASSRLS, and logging in with a SCRAM password")
                    .containsExactlyInAnyOrder("crosslayer_app", "crosslayer_system", "crosslayer_signer");
            assertThat(app.queryForObject("SELECT current_user", String.class)).isEqualTo("crosslayer_app");
            assertThat(devLogin(service.http(), "ada@durable-default.test")).isNotBlank();
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryIsRefusedInOneSentence() {
        try (RunningService ignored = local()) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir))
                    .isInstanceOf(DataDirectoryInUse.class)
                    .hasMessage("The data directory " + dataDir + " is in use by another CrossLayer process (a running "
                            + "service or operator command): stop it first, or run this beside a service that uses "
                            + "CROSSLAYER_DATABASE_URL.");
        }
    }

    @Test
    void whenTheDatabaseDiesUnderTheServiceTheServiceStartsItAgain() throws Exception {
        try (RunningService service = local()) {
            String session = devLogin(service.http(), "ada@crash-proof.test");
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());

            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // kill -9
            ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().join());

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(me(service.http(), session).path("email").asText()).isEqualTo("ada@crash-proof.test"));
            long restarted = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
            assertThat(restarted).isNotEqualTo(postmaster);
            // Event processors that failed meanwhile retry with back-off; health is UP again once they have.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    service.management().get().uri("/actuator/health").exchange().expectStatus().isOk());
        }
    }

    @Test
    void aClusterFromBeforePasswordsGetsOneAndNoLongerTrustsLocalConnections() throws Exception {
        // What earlier versions left in CROSSLAYER_DATA_DIR: zonky's cluster, trusting every local connection.
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            assertThat(legacy.getPostgresDatabase().getConnection().isValid(1)).isTrue();
        }
        try (RunningService service = local()) {
            DatabaseConfiguration.Connection connection = service.bean(DatabaseConfiguration.Connection.class);
            assertThatThrownBy(() -> DriverManager.getConnection(connection.url(), "postgres", null).close())
                    .isInstanceOf(SQLException.class);
            assertThat(devLogin(service.http(), "ada@upgraded.test")).isNotBlank();
        }
    }

    private RunningService local() {
        return RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).start();
    }
}
