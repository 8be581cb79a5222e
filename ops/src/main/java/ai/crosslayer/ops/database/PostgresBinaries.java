package ai.crosslayer.ops.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The PostgreSQL programs the jar carries (zonky's binaries), unpacked once per machine into
 * {@code java.io.tmpdir/crosslayer-postgres/<hash of the archive>}. Only the binaries come from zonky:
 * how the server is initialised, started, watched and stopped is {@link EmbeddedPostgresServer}'s.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String READY = ".unpacked";

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    static PostgresBinaries unpacked() {
        String system = system();
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64"
                : ArchUtils.normalize(System.getProperty("os.arch"));
        try (InputStream archive = archive(system, arch)) {
            byte[] bytes = archive.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "crosslayer-postgres", hash);
            if (!Files.exists(home.resolve(READY))) {
                log.info("unpacking the embedded PostgreSQL programs into {} (once per machine)", home);
                unpack(bytes, home);
            }
            return new PostgresBinaries(home);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("could not unpack the embedded PostgreSQL programs for " + system
                    + "/" + arch + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * The command line of one PostgreSQL program. As root, PostgreSQL refuses to run; zonky's trick is
     * kept: run it in a user namespace of its own ({@code unshare -U}), where it is nobody.
     */
    List<String> command(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(home.resolve("bin").resolve(program).toString());
        command.addAll(args);
        return command;
    }

    private static void unpack(byte[] archive, Path home) throws IOException {
        Path parent = Files.createDirectories(home.getParent());
        // Unpack beside, then move into place: a crash or a concurrent start never sees half a tree.
        Path staging = Files.createTempDirectory(parent, "unpacking-");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, staging.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        Files.createFile(staging.resolve(READY));
        try {
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // Another process unpacked the same archive first; theirs is as good as ours.
            deleteTree(staging);
            if (!Files.exists(home.resolve(READY))) {
                throw e;
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * zonky's archive for this system, or a sentence on what to do: by default the jar carries the Linux
     * programs only (see the {@code all-platforms} build profile).
     */
    static InputStream archive(String system, String arch) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch);
        } catch (IllegalStateException missing) {
            throw new EmbeddedDatabaseException("this build carries no embedded PostgreSQL for " + system + "/" + arch
                    + " (by default only Linux x86_64 and arm64): set CROSSLAYER_DATABASE_URL to a PostgreSQL server,"
                    + " or build the jar with ./mvnw -B -Pall-platforms -DskipTests package", missing);
        }
    }

    private static String system() {
        String name = System.getProperty("os.name");
        if (name.startsWith("Windows")) {
            return "Windows";
        }
        return name.startsWith("Mac") ? "Darwin" : "Linux";
    }
}
