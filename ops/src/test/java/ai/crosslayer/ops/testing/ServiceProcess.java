package ai.crosslayer.ops.testing;

import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as an operator runs it: {@code java -jar target/crosslayer.jar} in a process of its own (built by
 * the package phase before Failsafe runs), so that a test can kill it with SIGKILL or stop it with SIGTERM and
 * read what it logged. Settings go in as environment variables, as in production.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private final Map<String, String> environment;

    private ServiceProcess(Process process, int port, Path log, Map<String, String> environment) {
        this.environment = environment;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with these environment variables (and {@code SERVER_PORT}); its output goes to {@code log}. */
    public static ServiceProcess start(Map<String, String> environment, List<String> options, Path log) {
        Path jar = Path.of("target/crosslayer.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: whole-system tests run after the package phase");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-jar", jar.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("SERVER_PORT", Integer.toString(port));
        env.putIfAbsent("CROSSLAYER_MANAGEMENT_PORT", Integer.toString(freePort()));
        builder.environment().putAll(env);
        try {
            return new ServiceProcess(builder.start(), port, log, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A client of the public port that sends the session's CSRF token with state-changing requests, as pages do. */
    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30))
                .filter(RunningService.withCsrfToken(this::sessionKey)).build();
    }

    /** The service's session key: its CROSSLAYER_SESSION_KEY, or the one the local profile keeps in its data directory. */
    private String sessionKey() {
        String key = environment.get("CROSSLAYER_SESSION_KEY");
        if (key != null) {
            return key;
        }
        try {
            return Files.readString(Path.of(environment.getOrDefault("CROSSLAYER_DATA_DIR", ".crosslayer"))
                    .resolve("keys/session.key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the readiness probe (on the public port; actuator itself is on the management port) answers 200 now.
     * A process that has exited will never be ready: that fails at once, with the end of its log, rather than
     * after the caller's whole wait.
     */
    public boolean healthy() {
        if (!process.isAlive()) {
            String output = log();
            throw new IllegalStateException("the service exited (code " + process.exitValue()
                    + ") before it was ready; its log ends:\n" + output.substring(Math.max(0, output.length() - 4000)));
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process id: a node's id in {@code processing_node} and {@code token_entry} is {@code pid@host}. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or stopped. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** kill -TERM, as a supervisor stops a service; answers the exit code. */
    public int stop() {
        process.destroy();
        return waitForExit();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the service did not stop within 2 minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
