package ai.crosslayer.ops.audit;

import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.query.audit.AuditExportWriter;
import ai.crosslayer.query.audit.CheckpointWitness;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where every checkpoint is also written as it is signed: outside the database, so that whoever holds the
 * database cannot delete a signed head together with the events it covers (issue 15.1). Chosen by
 * {@code CROSSLAYER_AUDIT_WITNESS}: a directory (mount write-once storage there, or sync it away), or an
 * HTTPS webhook that receives each checkpoint as JSON.
 */
public interface AuditWitness extends CheckpointWitness {

    /** Hands the witness a checkpoint; returns once it has taken it. @throws Unreachable when it did not */
    void record(AuditChain.Checkpoint checkpoint);

    /** For health and logs: what the witness is, never a secret. */
    String describe();

    /** The witness did not take a checkpoint: the checkpoint is not kept, and is signed again next time. */
    final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No witness configured: checkpoints live only in the database (the README says what that risks). */
    static AuditWitness none() {
        return new AuditWitness() {
            @Override
            public void record(AuditChain.Checkpoint checkpoint) {
            }

            @Override
            public List<AuditChain.Checkpoint> checkpoints(String tenantId) {
                return List.of();
            }

            @Override
            public String describe() {
                return "none";
            }
        };
    }

    /**
     * One file per checkpoint, {@code <dir>/<tenant>/<sequence, 19 digits>.json}, each the export's checkpoint
     * record, written to a temporary name, forced to disk and linked into place; never overwritten.
     * {@code latest.json} beside them names the newest, so that signing does not list the directory.
     */
    final class Directory implements AuditWitness {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Directory.class);
        private final Path root;
        private final ObjectMapper json = new ObjectMapper();

        public Directory(Path root) {
            this.root = root;
        }

        @Override
        public void record(AuditChain.Checkpoint checkpoint) {
            Path tenant = root.resolve(checkpoint.tenantId());
            byte[] bytes = (AuditExportWriter.checkpointRecord(json, checkpoint).toString() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                Files.createDirectories(tenant);
                Path target = tenant.resolve(String.format("%019d.json", checkpoint.tenantSequence()));
                Path written = durable(tenant, bytes);
                try {
                    // A hard link appears whole or not at all, and never replaces a file (a rename would).
                    Files.createLink(target, written);
                } catch (FileAlreadyExistsException kept) {
                    log.info("the audit witness already holds a checkpoint of event {} of tenant {}; it keeps the first",
                            checkpoint.tenantSequence(), checkpoint.tenantId());
                } finally {
                    Files.delete(written);
                }
                Files.move(durable(tenant, bytes), tenant.resolve("latest.json"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new Unreachable("the audit witness directory " + root + " did not take a checkpoint: " + e, e);
            }
        }

        private static Path durable(Path directory, byte[] bytes) throws IOException {
            Path temporary = Files.createTempFile(directory, ".checkpoint-", ".tmp");
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                file.write(ByteBuffer.wrap(bytes));
                file.force(true);
            }
            return temporary;
        }

        @Override
        public List<AuditChain.Checkpoint> checkpoints(String tenantId) {
            Path tenant = root.resolve(tenantId);
            if (!Files.isDirectory(tenant)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(tenant)) {
                List<AuditChain.Checkpoint> all = new ArrayList<>();
                for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d{19}\\.json")).sorted().toList()) {
                    all.add(read(file));
                }
                return all;
            } catch (IOException e) {
                throw new Unreachable("the audit witness directory " + root + " cannot be read: " + e, e);
            }
        }

        /** The newest checkpoint of the tenant at the witness, without listing its directory. */
        @Override
        public List<AuditChain.Checkpoint> latest(String tenantId) {
            try {
                return List.of(read(root.resolve(tenantId).resolve("latest.json")));
            } catch (NoSuchFileException none) {
                return List.of();
            } catch (IOException e) {
                throw new Unreachable("the audit witness directory " + root + " cannot be read: " + e, e);
            }
        }

        private AuditChain.Checkpoint read(Path file) throws IOException {
            return AuditExportReader.readCheckpoint(json.readTree(Files.readString(file)));
        }

        @Override
        public String describe() {
            return "directory " + root;
        }
    }

    /** The newest checkpoint the witness holds for the tenant (none, or one). */
    default List<AuditChain.Checkpoint> latest(String tenantId) {
        List<AuditChain.Checkpoint> all = checkpoints(tenantId);
        return all.isEmpty() ? List.of() : List.of(all.get(all.size() - 1));
    }

    /**
     * {@code POST}s each checkpoint record as JSON to the URL; any 2xx answer within 10 seconds means taken.
     * It cannot be read back: an auditor gets the checkpoints from whoever runs the webhook.
     */
    final class Webhook implements AuditWitness {
        private static final Duration TIMEOUT = Duration.ofSeconds(10);
        private final URI url;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        private final ObjectMapper json = new ObjectMapper();

        public Webhook(URI url) {
            this.url = url;
        }

        @Override
        public void record(AuditChain.Checkpoint checkpoint) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AuditExportWriter.checkpointRecord(json, checkpoint).toString()))
                    .build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 != 2) {
                    throw new Unreachable("the audit witness " + describe() + " answered " + status, null);
                }
            } catch (IOException e) {
                throw new Unreachable("the audit witness " + describe() + " could not be reached: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreachable("interrupted while handing a checkpoint to the audit witness " + describe(), e);
            }
        }

        @Override
        public List<AuditChain.Checkpoint> checkpoints(String tenantId) {
            return List.of();
        }

        @Override
        public String describe() {
            // Scheme, host, port and path only: user information or a query string might carry a secret.
            return "webhook " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + url.getPath();
        }
    }
}
