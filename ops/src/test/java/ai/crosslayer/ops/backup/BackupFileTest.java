package ai.crosslayer.ops.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backup file format: what reads back, and every way a damaged or foreign file is refused in a sentence. */
class BackupFileTest {

    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private final String keyText = newKey();
    private final BackupKey key = BackupKey.parse(keyText);
    private final byte[] plaintext = new byte[300_000]; // five messages: four full ones and a short final one

    BackupFileTest() {
        new Random(17).nextBytes(plaintext);
    }

    @Test
    void whatIsSealedReadsBackWholeAndTheHeaderReadsWithoutTheKey() throws IOException {
        byte[] file = seal(plaintext, NOW);
        assertThat(readAll(file, key)).isEqualTo(plaintext);
        BackupFile.Header header = BackupFile.header(new ByteArrayInputStream(file));
        assertThat(header.keyId()).isEqualTo(key.id()).startsWith("bk-");
        assertThat(header.createdAt()).isEqualTo(NOW);
        assertThat(header.source()).isEqualTo("a test");
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(keyText);
    }

    @Test
    void anyAlteredByteMakesTheFileUnreadable() throws IOException {
        byte[] file = seal(plaintext, NOW);
        int headerEnd = indexOf(file, "}".getBytes()) + 1;
        for (int position : new int[]{12, headerEnd - 5, headerEnd + 3, headerEnd + 40, file.length / 2, file.length - 1}) {
            byte[] altered = file.clone();
            altered[position] ^= 0x01;
            assertThatThrownBy(() -> readAll(altered, key)).as("byte %d altered", position)
                    .isInstanceOf(BackupFile.Unreadable.class);
        }
        byte[] altered = file.clone();
        altered[file.length / 2] ^= 0x01;
        assertThatThrownBy(() -> readAll(altered, key)).hasMessage("does not decrypt: it has been altered (or its header names the wrong key)");
    }

    @Test
    void aFileCutShortAnywhereIsUnreadableAndSaysSo() throws IOException {
        byte[] file = seal(plaintext, NOW);
        for (int length : new int[]{0, 5, 20, 60, 200, file.length / 2, file.length - 17, file.length - 1}) {
            byte[] cut = Arrays.copyOf(file, length);
            assertThatThrownBy(() -> readAll(cut, key)).as("cut to %d bytes", length)
                    .isInstanceOf(BackupFile.Unreadable.class);
        }
        assertThatThrownBy(() -> readAll(Arrays.copyOf(file, file.length / 2), key)).hasMessageContaining("cut short");
    }

    @Test
    void aFileWhoseFinalPartWasNeverWrittenIsCutShort() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BackupFile.Sealed sealed = BackupFile.seal(out, key, header(NOW))) {
            sealed.write(plaintext); // an interrupted backup: no finish()
        }
        assertThatThrownBy(() -> readAll(out.toByteArray(), key)).hasMessage("is cut short: its last part is missing");
    }

    @Test
    void bytesAfterTheEndAreRefused() throws IOException {
        byte[] file = seal(plaintext, NOW);
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertThatThrownBy(() -> readAll(longer, key)).hasMessage("has been altered: there are bytes after its end");
    }

    @Test
    void anotherKeyIsNamedByItsFingerprintNeverByItself() throws IOException {
        byte[] file = seal(plaintext, NOW);
        String otherText = newKey();
        BackupKey other = BackupKey.parse(otherText);
        assertThatThrownBy(() -> readAll(file, other))
                .isInstanceOf(BackupFile.Unreadable.class)
                .hasMessage("was made under backup key " + key.id() + ", but CROSSLAYER_BACKUP_KEY is " + other.id())
                .message().doesNotContain(keyText).doesNotContain(otherText);
    }

    @Test
    void somethingElseIsNotABackup() {
        assertThatThrownBy(() -> readAll("PK\3\4 a zip file, say".getBytes(), key)).hasMessage("is not a CrossLayer backup");
    }

    @Test
    void theKeyIsThirtyTwoBytesOfBase64AndAMistakeIsNamedWithoutTheValue() {
        assertThat(BackupKey.problem(keyText)).isNull();
        assertThat(BackupKey.problem(null)).startsWith("CROSSLAYER_BACKUP_KEY is missing");
        assertThat(BackupKey.problem("c2hvcnQ=")).isEqualTo("CROSSLAYER_BACKUP_KEY must decode to exactly 32 bytes");
        assertThat(BackupKey.problem("not base64!")).isEqualTo(
                "CROSSLAYER_BACKUP_KEY is malformed: it must be standard base64 (openssl rand -base64 32)");
        assertThatThrownBy(() -> BackupKey.parse("c2hvcnQ=")).hasMessageNotContaining("c2hvcnQ=");
        assertThat(key.toString()).doesNotContain(keyText).contains(key.id());
    }

    @Test
    void pruneKeepsTheSevenDayWindowAndTheNewestUpToThirtyFiveDays(@TempDir Path directory) throws IOException {
        Path day1 = backupAt(directory, NOW.minus(Duration.ofHours(20)));
        Path day6 = backupAt(directory, NOW.minus(Duration.ofDays(6)));
        Path day8 = backupAt(directory, NOW.minus(Duration.ofDays(8)));
        Path day40 = backupAt(directory, NOW.minus(Duration.ofDays(40)));
        Path stranger = Files.writeString(directory.resolve("crosslayer-notes.clbackup"), "not a backup");

        assertThat(Backups.due(directory, NOW)).isFalse();
        Backups.Pruned pruned = Backups.prune(directory, NOW);
        assertThat(pruned.deleted()).extracting(Backups.Listed::file).containsExactlyInAnyOrder(day8, day40);
        assertThat(pruned.kept()).extracting(Backups.Listed::file).containsExactly(day1, day6);
        assertThat(pruned.unreadable()).containsExactly(stranger);
        assertThat(directory).isDirectoryContaining(p -> p.equals(day1)).isDirectoryNotContaining(p -> p.equals(day8));

        // The daily runs stopped: the newest backup stays past the window, but not past 35 days.
        Files.delete(day1);
        Files.delete(day6);
        assertThat(Backups.due(directory, NOW)).isTrue();
        Path day10 = backupAt(directory, NOW.minus(Duration.ofDays(10)));
        assertThat(Backups.prune(directory, NOW).kept()).extracting(Backups.Listed::file).containsExactly(day10);
        assertThat(Backups.prune(directory, NOW.plus(Duration.ofDays(26))).deleted())
                .extracting(Backups.Listed::file).containsExactly(day10);
    }

    private Path backupAt(Path directory, Instant createdAt) throws IOException {
        Path file = directory.resolve(Backups.PREFIX + createdAt.getEpochSecond() + Backups.SUFFIX);
        Files.write(file, seal(new byte[10], createdAt));
        return file;
    }

    private byte[] seal(byte[] content, Instant createdAt) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BackupFile.Sealed sealed = BackupFile.seal(out, key, header(createdAt))) {
            sealed.write(content);
            sealed.finish();
        }
        return out.toByteArray();
    }

    private BackupFile.Header header(Instant createdAt) {
        return new BackupFile.Header(BackupFile.FORMAT, createdAt, "a test", key.id(), "20261201.0717");
    }

    private static byte[] readAll(byte[] file, BackupKey key) throws IOException {
        try (InputStream plain = BackupFile.open(new ByteArrayInputStream(file), key).plaintext()) {
            return plain.readAllBytes();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
