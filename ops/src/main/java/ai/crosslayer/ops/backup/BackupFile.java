package ai.crosslayer.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.SecretStream;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * The backup file format, version 1: a plain header that says what the file is, then libsodium's secretstream
 * (XChaCha20-Poly1305) under {@link BackupKey}:
 * <pre>
 *   "CLBACKUP"                    8 bytes, the magic
 *   format version                2 bytes, big-endian (1)
 *   header length n               4 bytes, big-endian
 *   header                        n bytes of UTF-8 JSON: format, createdAt, source, keyId, schemaVersion
 *   secretstream header           24 bytes
 *   messages                      each: 4-byte big-endian length, then that many bytes of ciphertext
 *                                 (at most 64 KiB of plaintext + 17 bytes); the last one is tagged FINAL
 * </pre>
 * The first message authenticates everything before the secretstream header as its additional data, so an
 * altered header fails like altered data. A file ends exactly after the FINAL message: a file cut short, with
 * bytes after it, or with any byte changed does not read. What the plaintext holds is {@link DatabaseBackup}'s.
 */
public final class BackupFile {

    static final int FORMAT = 1;
    static final int CHUNK = 64 * 1024;
    private static final byte[] MAGIC = "CLBACKUP".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecretStream.Native SODIUM = new LazySodiumJava(new SodiumJava());

    private BackupFile() {
    }

    /** What a backup's plain header says: readable without the key. */
    public record Header(int format, Instant createdAt, String source, String keyId, String schemaVersion) {

        byte[] json() {
            ObjectNode node = JSON.createObjectNode().put("format", format).put("createdAt", createdAt.toString())
                    .put("source", source).put("keyId", keyId).put("schemaVersion", schemaVersion);
            return node.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A file that is not a backup this version reads, was altered or cut short, or is under another key. */
    public static final class Unreadable extends IOException {
        Unreadable(String sentence) {
            super(sentence);
        }
    }

    /** Writes the header, then encrypts what is written; only {@link Sealed#finish()} makes the file complete. */
    static Sealed seal(OutputStream file, BackupKey key, Header header) throws IOException {
        byte[] preamble = preamble(FORMAT, header.json());
        file.write(preamble);
        SecretStream.State state = new SecretStream.State();
        byte[] streamHeader = new byte[SecretStream.HEADERBYTES];
        if (!SODIUM.cryptoSecretStreamInitPush(state, streamHeader, key.bytes())) {
            throw new IllegalStateException("libsodium could not start a secretstream");
        }
        file.write(streamHeader);
        return new Sealed(file, state, preamble);
    }

    /** Reads the plain header only: which key, when, from where (no key needed). */
    public static Header header(InputStream file) throws IOException {
        return readPreamble(new DataInputStream(file)).header();
    }

    /**
     * The plaintext of a backup, read as it is decrypted. Each message is authenticated before its bytes are
     * handed out; the stream ends at the FINAL message, and throws {@link Unreadable} where the file was cut short,
     * altered, or goes on after it.
     */
    static Opened open(InputStream file, BackupKey key) throws IOException {
        DataInputStream in = new DataInputStream(file);
        Preamble preamble = readPreamble(in);
        if (!preamble.header().keyId().equals(key.id())) {
            throw new Unreadable("was made under backup key " + preamble.header().keyId() + ", but "
                    + BackupKey.VARIABLE + " is " + key.id());
        }
        byte[] streamHeader = new byte[SecretStream.HEADERBYTES];
        try {
            in.readFully(streamHeader);
        } catch (EOFException e) {
            throw new Unreadable("is cut short: it ends inside its header");
        }
        SecretStream.State state = new SecretStream.State();
        if (!SODIUM.cryptoSecretStreamInitPull(state, streamHeader, key.bytes())) {
            throw new Unreadable("has a damaged encryption header");
        }
        return new Opened(preamble.header(), new Decrypting(in, state, preamble.bytes()));
    }

    /** A header and the plaintext stream after it. */
    record Opened(Header header, InputStream plaintext) {
    }

    private record Preamble(Header header, byte[] bytes) {
    }

    /** Magic, format and header exactly as they are in the file: what the first message authenticates. */
    private static byte[] preamble(int format, byte[] json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeShort(format);
        out.writeInt(json.length);
        out.write(json);
        out.flush();
        return bytes.toByteArray();
    }

    private static Preamble readPreamble(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new Unreadable("is not a CrossLayer backup");
            }
            int format = in.readUnsignedShort();
            if (format != FORMAT) {
                throw new Unreadable("is a backup of format " + format + ", which this CrossLayer does not read (it reads "
                        + FORMAT + ")");
            }
            int length = in.readInt();
            if (length < 2 || length > MAX_HEADER) {
                throw new Unreadable("has a damaged header");
            }
            byte[] json = new byte[length];
            in.readFully(json);
            JsonNode node = JSON.readTree(json);
            Header header = new Header(node.path("format").asInt(), Instant.parse(node.path("createdAt").asText()),
                    node.path("source").asText(), node.path("keyId").asText(), node.path("schemaVersion").asText());
            if (header.format() != FORMAT || header.keyId().isEmpty()) {
                throw new Unreadable("has a damaged header");
            }
            return new Preamble(header, preamble(format, json));
        } catch (EOFException e) {
            throw new Unreadable("is cut short: it ends inside its header");
        } catch (com.fasterxml.jackson.core.JacksonException | DateTimeParseException e) {
            throw new Unreadable("has a damaged header");
        }
    }

    /** The encrypting side: plaintext in, 64 KiB messages out. */
    static final class Sealed extends Blocks {
        private final OutputStream file;
        private final DataOutputStream framed;
        private final SecretStream.State state;
        private byte[] additionalData;
        private final byte[] cipher = new byte[CHUNK + SecretStream.ABYTES];

        private Sealed(OutputStream file, SecretStream.State state, byte[] additionalData) {
            super(CHUNK);
            this.file = file;
            this.framed = new DataOutputStream(file);
            this.state = state;
            this.additionalData = additionalData;
        }

        /** A full buffer goes out as a message; the last one waits for {@link #finish()}, which tags it FINAL. */
        @Override
        void emit() throws IOException {
            push(SecretStream.TAG_MESSAGE);
        }

        /** Pushes the last message, tagged FINAL: from here on the file is whole. */
        void finish() throws IOException {
            push(SecretStream.TAG_FINAL);
            framed.flush();
        }

        private void push(byte tag) throws IOException {
            byte[] ad = additionalData == null ? new byte[0] : additionalData;
            if (!SODIUM.cryptoSecretStreamPush(state, cipher, null, buffer, filled, ad, ad.length, tag)) {
                throw new IllegalStateException("libsodium could not encrypt a backup message");
            }
            additionalData = null;
            int length = filled + SecretStream.ABYTES;
            framed.writeInt(length);
            framed.write(cipher, 0, length);
            filled = 0;
        }

        /** Closes the file; without {@link #finish()} first, what was written does not verify (no FINAL tag). */
        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** An output stream that gathers what is written into blocks of a fixed size and hands each full one on. */
    abstract static class Blocks extends OutputStream {
        final byte[] buffer;
        int filled;

        Blocks(int size) {
            this.buffer = new byte[size];
        }

        /** Hands on {@code buffer[0..filled)} and empties it. */
        abstract void emit() throws IOException;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == buffer.length) {
                    emit();
                }
                int taken = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, taken);
                filled += taken;
                offset += taken;
                length -= taken;
            }
        }
    }

    /** The decrypting side. */
    private static final class Decrypting extends InputStream {
        private final DataInputStream file;
        private final SecretStream.State state;
        private byte[] additionalData;
        private final byte[] cipher = new byte[CHUNK + SecretStream.ABYTES];
        private final byte[] plain = new byte[CHUNK];
        private final byte[] tag = new byte[1];
        private int position;
        private int available;
        private boolean ended;

        Decrypting(DataInputStream file, SecretStream.State state, byte[] additionalData) {
            this.file = file;
            this.state = state;
            this.additionalData = additionalData;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (position == available) {
                if (ended) {
                    return -1;
                }
                pull();
            }
            int given = Math.min(length, available - position);
            System.arraycopy(plain, position, bytes, offset, given);
            position += given;
            return given;
        }

        private void pull() throws IOException {
            int length;
            try {
                length = file.readInt();
            } catch (EOFException e) {
                throw new Unreadable("is cut short: its last part is missing");
            }
            if (length < SecretStream.ABYTES || length > cipher.length) {
                throw new Unreadable("has been altered: a part has an impossible length");
            }
            try {
                file.readFully(cipher, 0, length);
            } catch (EOFException e) {
                throw new Unreadable("is cut short: its last part is missing");
            }
            byte[] ad = additionalData == null ? new byte[0] : additionalData;
            if (!SODIUM.cryptoSecretStreamPull(state, plain, null, tag, cipher, length, ad, ad.length)) {
                throw new Unreadable("does not decrypt: it has been altered (or its header names the wrong key)");
            }
            additionalData = null;
            position = 0;
            available = length - SecretStream.ABYTES;
            if (tag[0] == SecretStream.TAG_FINAL) {
                ended = true;
                if (file.read() != -1) {
                    throw new Unreadable("has been altered: there are bytes after its end");
                }
            } else if (tag[0] != SecretStream.TAG_MESSAGE) {
                throw new Unreadable("has been altered: a part has an unknown tag");
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
