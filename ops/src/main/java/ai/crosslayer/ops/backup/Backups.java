package ai.crosslayer.ops.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Backup files in a directory: made (written beside as {@code .partial}, then moved into place whole, so a
 * reader never meets half a backup), verified, restored, and pruned to the rolling window.
 */
public final class Backups {

    /** The rolling window: a backup older than this is deleted by {@link #prune}. */
    public static final Duration WINDOW = Duration.ofDays(7);
    /**
     * The promise on the security page: every backup is gone within 35 days. Pruning keeps the newest backup
     * even past the window (should the daily runs stop, one backup is better than none), but not past this.
     */
    public static final Duration OVERWRITTEN_WITHIN = Duration.ofDays(35);
    /** How often the service makes one. */
    public static final Duration DAILY = Duration.ofDays(1);
    static final String PREFIX = "crosslayer-";
    static final String SUFFIX = ".clbackup";
    private static final String PARTIAL = ".partial";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Backups() {
    }

    /** A backup made: its file, what it holds. */
    public record Created(Path file, BackupFile.Header header, DatabaseBackup.Summary summary) {
    }

    /** A backup read through: its header, what it holds. */
    public record Verified(BackupFile.Header header, DatabaseBackup.Summary summary) {
    }

    /** A backup in a directory, by the time its header says it was made. */
    public record Listed(Path file, Instant createdAt) {
    }

    /** What prune did: the files it deleted, the ones it kept, and the ones it could not read a date from. */
    public record Pruned(List<Listed> deleted, List<Listed> kept, List<Path> unreadable) {
    }

    /**
     * Writes a consistent snapshot of {@code owner}'s database into a new file in {@code directory}, encrypted
     * under {@code key}; {@code source} says in the header where it came from.
     */
    public static Created create(Connection owner, BackupKey key, Path directory, String source, Instant now,
                                 Consumer<String> progressLines) throws IOException, SQLException {
        Files.createDirectories(directory);
        String version = DatabaseBackup.beginSnapshot(owner);
        BackupFile.Header header = new BackupFile.Header(BackupFile.FORMAT, now.truncatedTo(ChronoUnit.MILLIS), source,
                key.id(), version);
        Path file = directory.resolve(PREFIX + NAME.format(now) + SUFFIX);
        if (Files.exists(file)) {
            owner.rollback();
            throw new DatabaseBackup.Refused(file + " exists already: wait a second and run it again");
        }
        Path partial = directory.resolve(file.getFileName() + PARTIAL);
        boolean moved = false;
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), BackupFile.CHUNK);
             BackupFile.Sealed sealed = BackupFile.seal(out, key, header)) {
            DatabaseBackup.Summary summary = DatabaseBackup.write(owner, sealed, new Progress("backup", progressLines));
            sealed.finish();
            out.flush();
            channel.force(true);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return new Created(file, header, summary);
        } finally {
            if (!moved) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Decrypts the whole file and checks what it holds; {@link BackupFile.Unreadable} says what is wrong with it. */
    public static Verified verify(Path file, BackupKey key, Consumer<String> progressLines) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BackupFile.CHUNK)) {
            BackupFile.Opened opened = BackupFile.open(in, key);
            return new Verified(opened.header(), DatabaseBackup.check(opened.plaintext(), new Progress("verify", progressLines)));
        }
    }

    /**
     * Loads a backup, already verified, into {@code owner}'s empty database, migrated to the backup's schema version;
     * all or nothing (one transaction).
     */
    public static DatabaseBackup.Summary restore(Connection owner, Path file, BackupKey key, Consumer<String> progressLines)
            throws IOException, SQLException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BackupFile.CHUNK)) {
            BackupFile.Opened opened = BackupFile.open(in, key);
            return DatabaseBackup.restore(owner, opened.plaintext(), new Progress("restore", progressLines));
        }
    }

    /** The backups in {@code directory}, newest first (files whose header does not read are left out). */
    public static List<Listed> list(Path directory) throws IOException {
        List<Listed> listed = new ArrayList<>();
        for (Path file : files(directory)) {
            header(file).ifPresent(header -> listed.add(new Listed(file, header.createdAt())));
        }
        listed.sort(Comparator.comparing(Listed::createdAt).reversed());
        return listed;
    }

    /** Whether the daily backup is due: no backup in {@code directory} was made within the last day. */
    public static boolean due(Path directory, Instant now) throws IOException {
        return !Files.isDirectory(directory) || list(directory).stream().noneMatch(b -> b.createdAt().isAfter(now.minus(DAILY)));
    }

    /**
     * Deletes every backup made more than {@link #WINDOW} before {@code now}, except the newest one while it is
     * younger than {@link #OVERWRITTEN_WITHIN}; and what an interrupted run left ({@code .partial}, a day old).
     */
    public static Pruned prune(Path directory, Instant now) throws IOException {
        List<Listed> deleted = new ArrayList<>();
        List<Listed> kept = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new Pruned(deleted, kept, unreadable);
        }
        for (Path file : files(directory)) {
            if (header(file).isEmpty()) {
                unreadable.add(file);
            }
        }
        List<Listed> backups = list(directory);
        for (int i = 0; i < backups.size(); i++) {
            Listed backup = backups.get(i);
            Instant age = backup.createdAt();
            boolean inWindow = age.isAfter(now.minus(WINDOW));
            boolean newestAndNotTooOld = i == 0 && age.isAfter(now.minus(OVERWRITTEN_WITHIN));
            if (inWindow || newestAndNotTooOld) {
                kept.add(backup);
            } else {
                Files.deleteIfExists(backup.file());
                deleted.add(backup);
            }
        }
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX + PARTIAL)) {
            for (Path partial : partials) {
                if (Files.getLastModifiedTime(partial).toInstant().isBefore(now.minus(DAILY))) {
                    Files.deleteIfExists(partial);
                }
            }
        }
        return new Pruned(deleted, kept, unreadable);
    }

    private static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            found.forEach(files::add);
        }
        return files;
    }

    private static Optional<BackupFile.Header> header(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(BackupFile.header(in));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
