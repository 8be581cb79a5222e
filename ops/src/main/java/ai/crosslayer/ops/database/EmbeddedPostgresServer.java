package ai.crosslayer.ops.database;

import ai.crosslayer.ops.config.KeyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service's own PostgreSQL, when no {@code CROSSLAYER_DATABASE_URL} is set: a real server whose cluster
 * lives in {@code $CROSSLAYER_DATA_DIR/postgres}, run as durably and as closed as an external one (issue 11.4):
 * <ul>
 *   <li>{@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (given on its command line, so
 *       no configuration file can turn them off); an acknowledged event survives a power loss;</li>
 *   <li>TCP on 127.0.0.1 only, no Unix socket, and {@code scram-sha-256} for every connection: the owner
 *       ({@code postgres}) has a generated password kept in {@code keys/postgres-owner.password} (mode 600);</li>
 *   <li>one process owns the data directory ({@code postgres.lock}); a second one is refused with
 *       {@link DataDirectoryInUse};</li>
 *   <li>a server left running by a service that was killed (its parent gone) is stopped before starting; a
 *       server that dies under the running service is started again on the same port (issue 11.6);</li>
 *   <li>it is a plain child process in a session of its own, with no shutdown hook: Spring stops everything
 *       that uses it first, and closes it last (issue 11.5).</li>
 * </ul>
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String OWNER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** What the server itself says, as its own log lines. */
    private static final Logger server = LoggerFactory.getLogger("postgres");
    private static final String HBA = """
            # Written by CrossLayer at every start: TCP on loopback only, SCRAM passwords for every role.
            host all all 127.0.0.1/32 scram-sha-256
            """;
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final PostgresBinaries binaries;
    private final Path cluster;
    private final String ownerPassword;
    private final int port;
    /** Holds the lock on {@code postgres.lock} for as long as it is open. */
    private final FileChannel lockChannel;
    private final AtomicBoolean restarting = new AtomicBoolean();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile Process postmaster;
    /** Set once it has answered: from then on, a death is restarted rather than reported as a failed start. */
    private volatile boolean serving;
    private volatile boolean stopping;

    private EmbeddedPostgresServer(PostgresBinaries binaries, Path cluster, String ownerPassword, int port,
                                   FileChannel lockChannel) {
        this.binaries = binaries;
        this.cluster = cluster;
        this.ownerPassword = ownerPassword;
        this.port = port;
        this.lockChannel = lockChannel;
    }

    /** Takes the data directory, prepares the cluster (once), and starts the server; returns once it answers. */
    static EmbeddedPostgresServer start(Path dataDir) {
        FileChannel channel = null;
        EmbeddedPostgresServer db = null;
        try {
            Files.createDirectories(dataDir);
            Path lockFile = dataDir.resolve("postgres.lock");
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (tryLock(channel) == null) {
                channel.close();
                throw new DataDirectoryInUse(dataDir);
            }
            Path cluster = dataDir.resolve("postgres");
            PostgresBinaries binaries = PostgresBinaries.unpacked();
            KeyFile password = KeyFile.readOrCreate(dataDir.resolve("keys/postgres-owner.password"), 32);
            db = new EmbeddedPostgresServer(binaries, cluster, password.value(), freePort(), channel);
            db.stopStaleServer();
            db.prepareCluster(password.created());
            db.launch();
            db.awaitReady();
            db.serving = true;
            return db;
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            } else {
                closeQuietly(channel);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EmbeddedDatabaseException("could not start the embedded PostgreSQL in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String ownerPassword() {
        return ownerPassword;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    /**
     * We hold the data directory's lock, so no living CrossLayer owns this cluster: a postmaster still
     * running on it was left behind by one that was killed. Stop it (fast: roll back what it had open).
     */
    private void stopStaleServer() throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Optional<ProcessHandle> stale = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurServer);
        if (stale.isEmpty()) {
            return; // PostgreSQL itself clears a pid file whose process is gone.
        }
        log.warn("a PostgreSQL (pid {}) is still running on {}, left behind by a CrossLayer that did not stop; "
                + "stopping it before starting", pid, cluster);
        try {
            run("pg_ctl", List.of("stop", "-D", cluster.toString(), "-m", "fast", "-w", "-t", "60"),
                    Duration.ofSeconds(70));
        } catch (EmbeddedDatabaseException e) {
            log.warn("{}; killing pid {}", e.getMessage(), pid);
            stale.get().destroyForcibly();
        }
        try {
            stale.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new EmbeddedDatabaseException("the PostgreSQL left running on " + cluster + " (pid " + pid
                    + ") would not stop; stop it and start again", e);
        }
    }

    private boolean isOurServer(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.command().map(command -> command.endsWith("/postgres")).orElse(false)
                && info.arguments().map(args -> List.of(args).contains(cluster.toString())).orElse(false);
    }

    private void prepareCluster(boolean passwordIsNew) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            log.info("creating the embedded PostgreSQL cluster in {} (once)", cluster);
            Path passwordFile = Files.createTempFile("crosslayer-owner", ".password");
            try {
                Files.writeString(passwordFile, ownerPassword + "\n");
                run("initdb", List.of("-D", cluster.toString(), "-U", OWNER, "--pwfile=" + passwordFile,
                        "--auth=scram-sha-256", "-E", "UTF-8", "--locale=C"), Duration.ofMinutes(2));
            } finally {
                Files.deleteIfExists(passwordFile);
            }
        } else if (passwordIsNew || !HBA.equals(Files.readString(hba))) {
            // A cluster from before passwords (trusting every local connection), or whose key file was lost:
            // set the owner's password in single-user mode, which needs no login and opens no port.
            log.info("setting the owner's password of the embedded PostgreSQL in {}", cluster);
            run("postgres", List.of("--single", "-D", cluster.toString(), "-c", "fsync=on", OWNER),
                    Duration.ofMinutes(2), "ALTER ROLE " + OWNER + " PASSWORD '" + ownerPassword + "';\n");
        }
        Files.writeString(hba, HBA);
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(inOwnSession(binaries.command("postgres", List.of(
                "-D", cluster.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on",
                "-c", "password_encryption=scram-sha-256",
                "-c", "timezone=UTC",
                "-c", "log_line_prefix=",
                // Its output goes to our log: a failed statement is never echoed there (ALTER ROLE ... PASSWORD).
                "-c", "log_min_error_statement=panic",
                "-c", "log_checkpoints=off"))));
        builder.redirectErrorStream(true);
        log.info("starting the embedded PostgreSQL on 127.0.0.1:{}", port);
        Process started = builder.start();
        postmaster = started;
        Thread output = new Thread(() -> echo(started), "postgres-output");
        output.setDaemon(true);
        output.start();
        started.onExit().thenAccept(this::exited);
    }

    /**
     * Its own session: a Ctrl-C in a terminal reaches the JVM only, so the server is stopped by Spring, last,
     * rather than by the terminal at the same moment as everything that still uses it.
     */
    private static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(Path.of("/usr/bin/setsid")) && !Files.isExecutable(Path.of("/bin/setsid"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add("setsid");
        wrapped.addAll(command);
        return wrapped;
    }

    private void echo(Process process) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
                if (line.startsWith("FATAL") || line.startsWith("PANIC") || line.startsWith("WARNING")) {
                    server.warn(line);
                } else {
                    server.info(line);
                }
            }
        } catch (IOException e) {
            // The pipe closes when the server exits; what matters then is reported by exited().
        }
    }

    private void awaitReady() {
        long started = System.nanoTime();
        long nextWord = started + PROGRESS_EVERY.toNanos();
        Properties login = new Properties();
        login.setProperty("user", OWNER);
        login.setProperty("password", ownerPassword);
        login.setProperty("connectTimeout", "2");
        while (true) {
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(), login)) {
                log.info("the embedded PostgreSQL is ready ({} ms)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return;
            } catch (SQLException notYet) {
                Process running = postmaster;
                if (notYet.getSQLState() != null && notYet.getSQLState().startsWith("28")) {
                    throw new EmbeddedDatabaseException("the embedded PostgreSQL in " + cluster + " refused the owner's "
                            + "password from keys/postgres-owner.password (" + notYet.getMessage() + "): put back the "
                            + "file that belongs to this data directory", notYet);
                }
                if (stopping) {
                    throw new EmbeddedDatabaseException("the service is stopping", notYet);
                }
                if (!running.isAlive()) {
                    throw new EmbeddedDatabaseException("the embedded PostgreSQL in " + cluster + " exited with code "
                            + running.exitValue() + " while starting: " + lastLines(), notYet);
                }
                long now = System.nanoTime();
                if (now - started > STARTUP_TIMEOUT.toNanos()) {
                    throw new EmbeddedDatabaseException("the embedded PostgreSQL in " + cluster
                            + " did not accept connections within " + STARTUP_TIMEOUT.toMinutes() + " minutes: "
                            + notYet.getMessage(), notYet);
                }
                if (now > nextWord) {
                    log.info("still waiting for the embedded PostgreSQL ({} s; after a crash it first recovers "
                            + "from its write-ahead log)", TimeUnit.NANOSECONDS.toSeconds(now - started));
                    nextWord = now + PROGRESS_EVERY.toNanos();
                }
                pause(Duration.ofMillis(100));
            }
        }
    }

    /**
     * The server died under the running service (killed, out of memory): start it again, same port and data,
     * so that the pools reconnect and nothing waits for an operator. Issue 11.6.
     */
    private void exited(Process process) {
        if (stopping || !serving || process != postmaster || !restarting.compareAndSet(false, true)) {
            return; // a failed start is reported by awaitReady; a death during a restart is the restart's to retry
        }
        log.error("the embedded PostgreSQL (pid {}) stopped unexpectedly with exit code {}; starting it again",
                process.pid(), process.exitValue());
        Thread restart = new Thread(this::restart, "postgres-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private void restart() {
        Duration backoff = Duration.ofMillis(500);
        while (!stopping) {
            try {
                launch();
                awaitReady();
                restarting.set(false);
                return;
            } catch (IOException | EmbeddedDatabaseException e) {
                if (stopping) {
                    Process launched = postmaster;
                    if (launched != null && launched.isAlive()) {
                        launched.destroy(); // close() may have looked before this one started
                    }
                    return;
                }
                // Typically its old server processes still hold the shared memory for a moment.
                log.warn("could not start the embedded PostgreSQL again yet ({}); trying again in {} ms",
                        e.getMessage(), backoff.toMillis());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
            }
        }
    }

    /** Stops the server (fast: open transactions roll back) and gives up the data directory. */
    @Override
    public void close() {
        stopping = true;
        Process running = postmaster;
        try {
            if (running != null && running.isAlive()) {
                log.info("stopping the embedded PostgreSQL");
                run("pg_ctl", List.of("stop", "-D", cluster.toString(), "-m", "fast", "-w", "-t", "60"),
                        Duration.ofSeconds(70));
                if (!running.waitFor(10, TimeUnit.SECONDS)) {
                    log.warn("the embedded PostgreSQL did not stop in time; killing it");
                    running.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        } catch (EmbeddedDatabaseException e) {
            log.warn("{}; killing it", e.getMessage());
            running.destroyForcibly();
        } finally {
            closeQuietly(lockChannel);
        }
    }

    /** Runs one PostgreSQL program to its end; its output is kept for the error message if it fails. */
    private void run(String program, List<String> args, Duration timeout, String... input) {
        try {
            Process process = new ProcessBuilder(binaries.command(program, args)).redirectErrorStream(true).start();
            try (Writer stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String text : input) {
                    stdin.write(text);
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedDatabaseException(program + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new EmbeddedDatabaseException(program + " failed (exit code " + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + program, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedDatabaseException("interrupted while running " + program, e);
        }
    }

    private String lastLines() {
        synchronized (lastLines) {
            return String.join(" | ", lastLines);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedDatabaseException("interrupted while waiting for the embedded PostgreSQL", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock with it
            } catch (IOException e) {
                log.warn("could not close {}: {}", channel, e.getMessage());
            }
        }
    }
}
