package ai.crosslayer.ops.backup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backup commands that need no database: verify and prune, and what they say when something is wrong. */
class BackupCommandsTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final BackupKey key = BackupKey.parse(randomKey());

    @AfterEach
    void forgetConfiguration() {
        System.clearProperty(BackupKey.VARIABLE);
        System.clearProperty("CROSSLAYER_BACKUP_DIR");
    }

    @Test
    void withoutABackupKeyNothingRunsAndTheVariableIsNamed() throws Exception {
        Path file = Files.write(directory.resolve("x.clbackup"), new byte[]{1});
        assertThat(run("backup", "verify", file.toString())).isEqualTo(1);
        assertThat(out()).startsWith("CROSSLAYER_BACKUP_KEY is missing");
        System.setProperty(BackupKey.VARIABLE, "c2hvcnQ=");
        assertThat(run("backup", "verify", file.toString())).isEqualTo(1);
        assertThat(out()).contains("CROSSLAYER_BACKUP_KEY must decode to exactly 32 bytes").doesNotContain("c2hvcnQ=");
    }

    @Test
    void aWrongCommandLineIsRefusedForTheCallerToPrintUsage() {
        assertThatThrownBy(() -> run("backup", "frobnicate")).isInstanceOf(BackupCommands.WrongUsage.class)
                .hasMessage("Unknown command 'backup frobnicate'.");
        assertThatThrownBy(() -> run("backup", "verify")).hasMessageStartingWith("backup verify takes one file");
        assertThatThrownBy(() -> run("backup", "create")).hasMessage("Say which directory: --to <dir>, or set CROSSLAYER_BACKUP_DIR.");
    }

    @Test
    void verifySaysWhatIsWrongWithAFileInOneSentence() throws Exception {
        System.setProperty(BackupKey.VARIABLE, randomKey());
        BackupKey configured = BackupKey.parse(System.getProperty(BackupKey.VARIABLE));
        Path sealed = directory.resolve("not-a-snapshot.clbackup");
        try (OutputStream file = Files.newOutputStream(sealed);
             BackupFile.Sealed stream = BackupFile.seal(file, configured, header(configured, Instant.now()))) {
            stream.write("whole and authentic, but not a snapshot".getBytes(StandardCharsets.UTF_8));
            stream.finish();
        }
        assertThat(run("backup", "verify", sealed.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo("NOT VERIFIED: " + sealed + " is inconsistent: an unknown record where a table "
                + "should start.\n");

        Path foreign = directory.resolve("foreign.clbackup");
        try (OutputStream file = Files.newOutputStream(foreign);
             BackupFile.Sealed stream = BackupFile.seal(file, key, header(key, Instant.now()))) {
            stream.finish();
        }
        assertThat(run("backup", "verify", foreign.toString())).isEqualTo(1);
        assertThat(out()).contains("was made under backup key " + key.id());
    }

    @Test
    void pruneNamesWhatItDeletes() throws Exception {
        System.setProperty(BackupKey.VARIABLE, randomKey());
        Instant now = Instant.now();
        Path recent = backup(now.minus(Duration.ofDays(2)));
        Path old = backup(now.minus(Duration.ofDays(9)));
        System.setProperty("CROSSLAYER_BACKUP_DIR", directory.toString());
        assertThat(run("backup", "prune")).isZero();
        assertThat(out()).contains("Deleted " + old + " (made ", "Kept 1 backup(s) in " + directory
                + "; deleted 1 older than 7 days (the newest is kept up to 35 days).");
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }

    private Path backup(Instant createdAt) throws Exception {
        Path file = directory.resolve(Backups.PREFIX + createdAt.getEpochSecond() + Backups.SUFFIX);
        try (OutputStream stream = Files.newOutputStream(file);
             BackupFile.Sealed sealed = BackupFile.seal(stream, key, header(key, createdAt))) {
            sealed.finish();
        }
        return file;
    }

    private static BackupFile.Header header(BackupKey key, Instant createdAt) {
        return new BackupFile.Header(BackupFile.FORMAT, createdAt, "a test", key.id(), "20261201.0723");
    }

    private int run(String... args) {
        out.reset();
        PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new BackupCommands(both, both, source -> {
            throw new AssertionError("these commands need no database");
        }).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
