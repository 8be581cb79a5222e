package ai.crosslayer.ops.journey;

import ai.crosslayer.ops.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default set-up, no database configured: the service runs on its embedded PostgreSQL, and what it
 * knew survives a restart on the same data directory. Issue #2.
 */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aRestartOnTheSameDataDirectoryKnowsTheSameTenantAndSession() {
        String session;
        String tenant;
        try (RunningService first = local()) {
            session = devLogin(first.http(), "ada@restart-proof.test");
            tenant = me(first.http(), session).path("tenantId").asText();
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();

        try (RunningService second = local()) {
            assertThat(me(second.http(), session).path("tenantId").asText())
                    .as("the session key the local profile generated is kept too").isEqualTo(tenant);
            String again = devLogin(second.http(), "ada@restart-proof.test");
            assertThat(me(second.http(), again).path("tenantId").asText()).isEqualTo(tenant);
            assertThat(me(second.http(), again).path("role").asText()).isEqualTo("ADMIN");
        }
    }

    @Test
    void theLocalProfileKeepsItsGeneratedSessionKeyInTheDataDirectoryOwnerOnly() throws Exception {
        try (RunningService ignored = local()) {
            Path key = dataDir.resolve("keys/session.key");
            assertThat(key).exists();
            assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    private RunningService local() {
        return RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).start();
    }


}
