package ai.crosslayer.ops.testing;

import ai.crosslayer.ops.CrossLayer;
import ai.crosslayer.ops.web.CsrfTokens;
import ai.crosslayer.query.CsrfToken;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Set;

/**
 * The whole service, started as {@code java -jar} would start it (same main class, settings passed as
 * the {@code CROSSLAYER_*} names), on a free port, watched by {@link NonBlockingThreads}. Close it to stop it.
 */
public final class RunningService implements AutoCloseable {

    /** The password of crosslayer_app and crosslayer_system in this test JVM (roles are server-wide). */
    public static final String ROLE_PASSWORD = "test-role-" + java.util.UUID.randomUUID();

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Builder withProfile(String profile) {
        return new Builder(profile);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /**
     * A client of the public port that, like the dashboard's pages, sends the session's CSRF token with every
     * state-changing request made with a session cookie (unless the request sets the header itself).
     */
    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(15))
                .filter(withCsrfToken(() -> context.getEnvironment().getRequiredProperty("crosslayer.session-key")))
                .build();
    }

    /** A client of the public port that sends no CSRF token: what a forged request would look like. */
    public WebTestClient httpWithoutCsrfToken() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(15)).build();
    }

    /** The CSRF token of the session whose cookie value is {@code session}. */
    public String csrfToken(String session) {
        return new CsrfTokens(context.getEnvironment().getRequiredProperty("crosslayer.session-key")).of(session);
    }

    /** Adds the CSRF token of the request's session (under the service's session key) to a state-changing request. */
    static ExchangeFilterFunction withCsrfToken(Supplier<String> sessionKey) {
        return (request, next) -> {
            String session = Optional.ofNullable(request.cookies().getFirst("crosslayer_session"))
                    .orElse(request.cookies().getFirst("__Host-crosslayer_session"));
            if (session == null || SAFE.contains(request.method()) || request.headers().containsKey(CsrfToken.HEADER)) {
                return next.exchange(request);
            }
            return next.exchange(ClientRequest.from(request)
                    .header(CsrfToken.HEADER, new CsrfTokens(sessionKey.get()).of(session)).build());
        };
    }

    /** The management port (CROSSLAYER_MANAGEMENT_PORT), where actuator lives: operators only. */
    public int managementPort() {
        return context.getEnvironment().getRequiredProperty("management.server.port", Integer.class);
    }

    /** A client of the management port, on loopback, where operators read /actuator/*. */
    public WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort())
                .responseTimeout(Duration.ofSeconds(15)).build();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> java.util.Collection<T> beansOf(Class<T> type) {
        return context.getBeansOfType(type).values();
    }

    /** Stops the service; fails if a blocking call was seen on a non-blocking thread meanwhile. */
    @Override
    public void close() {
        context.close();
        NonBlockingThreads.assertNoneFound();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private final String profile;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String profile) {
            this.profile = profile;
        }

        /** Runs on this test database instead of the embedded default, as CROSSLAYER_DATABASE_* would. */
        public Builder database(ai.crosslayer.kernel.testing.TestPostgres.Database database) {
            set("CROSSLAYER_DATABASE_URL", database.url());
            set("CROSSLAYER_DATABASE_USER", database.user());
            if (database.password() != null) {
                set("CROSSLAYER_DATABASE_PASSWORD", database.password());
            }
            return this;
        }

        /** Slack pointed at this local fake, with its app's credentials. */
        public Builder slack(SlackFake slack) {
            return set("CROSSLAYER_SLACK_CLIENT_ID", SlackFake.CLIENT_ID)
                    .set("CROSSLAYER_SLACK_CLIENT_SECRET", SlackFake.CLIENT_SECRET)
                    .set("CROSSLAYER_SLACK_SIGNING_SECRET", SlackFake.SIGNING_SECRET)
                    .set("CROSSLAYER_SLACK_API_URL", slack.apiUrl());
        }

        /** GitHub (API and OAuth host) pointed at this local fake, with the app's credentials. */
        public Builder github(GitHubFake github) {
            return set("CROSSLAYER_GITHUB_CLIENT_ID", GitHubFake.CLIENT_ID)
                    .set("CROSSLAYER_GITHUB_CLIENT_SECRET", GitHubFake.CLIENT_SECRET)
                    .set("CROSSLAYER_GITHUB_API_URL", github.url())
                    .set("CROSSLAYER_GITHUB_WEB_URL", github.url());
        }

        /** Anthropic pointed at this local fake; quick retries so that tests do not wait. */
        public Builder anthropic(AnthropicFake anthropic) {
            return set("CROSSLAYER_ANTHROPIC_API_KEY", AnthropicFake.API_KEY)
                    .set("CROSSLAYER_ANTHROPIC_BASE_URL", anthropic.url())
                    .set("crosslayer.anthropic.first-backoff", "PT0.05S")
                    .set("crosslayer.anthropic.breaker-open-for", "PT1S")
                    .set("crosslayer.inbox.poll-interval", "PT0.1S")
                    .set("crosslayer.inbox.retry-backoff", "PT0.2S");
        }

        public Builder set(String name, Object value) {
            settings.put(name, String.valueOf(value));
            return this;
        }

        public RunningService start() {
            NonBlockingThreads.install();
            if (settings.containsKey("CROSSLAYER_DATABASE_URL")) {
                // As in production: the service gives its roles these passwords and logs in with them.
                settings.putIfAbsent("CROSSLAYER_DATABASE_APP_PASSWORD", ROLE_PASSWORD);
                settings.putIfAbsent("CROSSLAYER_DATABASE_SYSTEM_PASSWORD", ROLE_PASSWORD);
                settings.putIfAbsent("CROSSLAYER_DATABASE_SIGNER_PASSWORD", ROLE_PASSWORD);
            }
            List<String> args = new ArrayList<>();
            // A known free port rather than 0: the local profile derives its public URL from it.
            args.add("--server.port=" + freePort());
            // Never the default 8081: test services (and other builds on this machine) run side by side.
            settings.putIfAbsent("CROSSLAYER_MANAGEMENT_PORT", String.valueOf(freePort()));
            settings.forEach((name, value) -> args.add("--" + name + "=" + value));
            return new RunningService(new SpringApplicationBuilder(CrossLayer.class)
                    .profiles(profile)
                    .run(args.toArray(String[]::new)));
        }
    }
}
