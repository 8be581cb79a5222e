package ai.crosslayer.ops.config;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret generated once and kept in a file only its owner may read (mode 600): the local profile's keys
 * and the embedded database's owner password, under {@code $CROSSLAYER_DATA_DIR/keys}.
 *
 * @param value   the secret, base64 of {@code bytes} random bytes
 * @param created whether this call generated it (so the caller can say so, or act on it)
 */
public record KeyFile(String value, boolean created) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static KeyFile readOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                return new KeyFile(Files.readString(file).trim(), false);
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[bytes];
            RANDOM.nextBytes(key);
            try {
                // Created with its final permissions: the secret is never readable by others, not even for a moment.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // A file system without POSIX modes (Windows): the file inherits its folder's access list, which the
                // operator must restrict; say so rather than pretend the key is private.
                Files.createFile(file);
                LoggerFactory.getLogger(KeyFile.class).warn("{} was created without owner-only permissions (this file "
                        + "system has no POSIX modes): restrict access to its folder", file);
            } catch (FileAlreadyExistsException raced) {
                return new KeyFile(Files.readString(file).trim(), false);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            return new KeyFile(Files.readString(file).trim(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep a generated key in " + file, e);
        }
    }
}
