package ai.crosslayer.ops.config;

import ai.crosslayer.ops.backup.BackupKey;
import ai.crosslayer.ops.web.TrustedProxies;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads every {@code CROSSLAYER_*} setting once, before anything starts: checks presence and form,
 * names <em>every</em> problem in one {@link InvalidConfigurationException}, and publishes the
 * normalized values as {@code crosslayer.*} properties for the typed settings records to bind.
 *
 * <p>In the local profile it fills in what a laptop lacks: a public URL on localhost, and a session
 * key generated once and kept in the data directory (and says so in the log). Every other profile
 * is strict: a missing secret stops start-up.
 */
public class CrossLayerSettings implements EnvironmentPostProcessor, Ordered {

    static final int MIN_KEY_BYTES = 32;
    private static final List<String> ROLES = List.of("web", "workers", "projections");

    private final Log log;

    public CrossLayerSettings(DeferredLogFactory logs) {
        this.log = logs.getLog(CrossLayerSettings.class);
    }

    @Override
    public int getOrder() {
        // After the environment's own sources (application.yml, env, test properties) are in place.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean local = Arrays.asList(env.getActiveProfiles()).contains("local");
        List<String> problems = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("crosslayer.local-profile", local);

        Path dataDir = Path.of(value(env, "CROSSLAYER_DATA_DIR", "./.crosslayer")).toAbsolutePath().normalize();
        settings.put("crosslayer.data-dir", dataDir.toString());

        String publicUrl = value(env, "CROSSLAYER_PUBLIC_URL", null);
        if (publicUrl == null && local) {
            publicUrl = "http://localhost:" + value(env, "server.port", "8080");
        }
        if (publicUrl == null) {
            problems.add("CROSSLAYER_PUBLIC_URL is missing: set the service's public base URL, e.g. https://crosslayer.example.com");
        } else if (checkUrl("CROSSLAYER_PUBLIC_URL", publicUrl, !local, problems)) {
            settings.put("crosslayer.public-url", publicUrl);
        }

        String sessionKey = value(env, "CROSSLAYER_SESSION_KEY", null);
        if (sessionKey == null && local) {
            sessionKey = localKey(dataDir.resolve("keys/session.key"));
        }
        if (sessionKey == null) {
            problems.add("CROSSLAYER_SESSION_KEY is missing: set it to the base64 of " + MIN_KEY_BYTES
                    + " random bytes (openssl rand -base64 32)");
        } else if (checkKey("CROSSLAYER_SESSION_KEY", sessionKey, false, problems)) {
            settings.put("crosslayer.session-key", sessionKey);
        }

        String auditKey = value(env, "CROSSLAYER_AUDIT_SIGNING_KEY", null);
        if (auditKey == null && local) {
            auditKey = localKey(dataDir.resolve("keys/audit-signing.key"));
        }
        if (auditKey == null) {
            problems.add("CROSSLAYER_AUDIT_SIGNING_KEY is missing: set it to the base64 of " + MIN_KEY_BYTES
                    + " random bytes (the Ed25519 seed that signs audit checkpoints; keep it out of the database)");
        } else if (checkKey("CROSSLAYER_AUDIT_SIGNING_KEY", auditKey, true, problems)) {
            settings.put("crosslayer.audit.signing-key", auditKey);
        }
        String retiredKeys = value(env, "CROSSLAYER_AUDIT_RETIRED_PUBLIC_KEYS", null);
        if (retiredKeys != null) {
            boolean wellFormed = true;
            for (String retired : retiredKeys.split(",")) {
                wellFormed &= checkKey("CROSSLAYER_AUDIT_RETIRED_PUBLIC_KEYS", retired.trim(), true, problems);
            }
            if (wellFormed) {
                settings.put("crosslayer.audit.retired-public-keys", retiredKeys);
            }
        }
        String checkpointInterval = value(env, "CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL", null);
        if (checkpointInterval != null) {
            try {
                if (Duration.parse(checkpointInterval).compareTo(Duration.ofSeconds(1)) < 0) {
                    problems.add("CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL must be at least PT1S");
                } else {
                    settings.put("crosslayer.audit.checkpoint-interval", checkpointInterval);
                }
            } catch (DateTimeParseException e) {
                problems.add("CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL is malformed: '" + checkpointInterval
                        + "' is not an ISO-8601 duration such as PT1H");
            }
        }

        String witness = value(env, "CROSSLAYER_AUDIT_WITNESS", null);
        if (witness == null && local) {
            witness = dataDir.resolve("witness").toString();
        }
        if (witness != null) {
            if (witness.startsWith("https://") || witness.startsWith("http://")) {
                if (checkWitnessUrl(witness, problems)) {
                    settings.put("crosslayer.audit.witness", witness);
                }
            } else {
                settings.put("crosslayer.audit.witness", Path.of(witness).toAbsolutePath().normalize().toString());
            }
        }

        String masterKey = value(env, "CROSSLAYER_MASTER_KEY", null);
        if (masterKey == null && local) {
            masterKey = localKey(dataDir.resolve("keys/master.key"));
        }
        if (masterKey == null) {
            problems.add("CROSSLAYER_MASTER_KEY is missing: set it to the base64 of " + MIN_KEY_BYTES
                    + " random bytes (openssl rand -base64 32), the curve25519 secret key that seals OAuth tokens; "
                    + "keep it out of the database");
        } else if (checkKey("CROSSLAYER_MASTER_KEY", masterKey, true, problems)) {
            settings.put("crosslayer.vault.master-key", masterKey);
        }
        String previousMasterKeys = value(env, "CROSSLAYER_MASTER_KEY_PREVIOUS", null);
        if (previousMasterKeys != null) {
            boolean wellFormed = true;
            for (String previous : previousMasterKeys.split(",")) {
                wellFormed &= checkKey("CROSSLAYER_MASTER_KEY_PREVIOUS", previous.trim(), true, problems);
            }
            if (wellFormed) {
                settings.put("crosslayer.vault.previous-master-keys", previousMasterKeys);
            }
        }

        backups(env, masterKey, problems, settings);

        pair(env, "CROSSLAYER_SLACK_CLIENT_ID", "CROSSLAYER_SLACK_CLIENT_SECRET", "Slack", problems, settings,
                "crosslayer.slack.client-id", "crosslayer.slack.client-secret");
        putIfPresent(settings, "crosslayer.slack.signing-secret", value(env, "CROSSLAYER_SLACK_SIGNING_SECRET", null));
        url(env, "CROSSLAYER_SLACK_API_URL", "crosslayer.slack.api-url", problems, settings);
        pair(env, "CROSSLAYER_GITHUB_CLIENT_ID", "CROSSLAYER_GITHUB_CLIENT_SECRET", "GitHub", problems, settings,
                "crosslayer.github.client-id", "crosslayer.github.client-secret");
        url(env, "CROSSLAYER_GITHUB_API_URL", "crosslayer.github.api-url", problems, settings);
        url(env, "CROSSLAYER_GITHUB_WEB_URL", "crosslayer.github.web-url", problems, settings);
        putIfPresent(settings, "crosslayer.anthropic.api-key", value(env, "CROSSLAYER_ANTHROPIC_API_KEY", null));
        url(env, "CROSSLAYER_ANTHROPIC_BASE_URL", "crosslayer.anthropic.base-url", problems, settings);
        putIfPresent(settings, "crosslayer.anthropic.model", value(env, "CROSSLAYER_ANTHROPIC_MODEL", null));
        String inboxMaxAge = value(env, "CROSSLAYER_INBOX_MAX_AGE", null);
        if (inboxMaxAge != null) {
            try {
                if (Duration.parse(inboxMaxAge).compareTo(Duration.ofMinutes(1)) < 0) {
                    problems.add("CROSSLAYER_INBOX_MAX_AGE must be at least PT1M");
                } else {
                    settings.put("crosslayer.inbox.max-age", inboxMaxAge);
                }
            } catch (DateTimeParseException e) {
                problems.add("CROSSLAYER_INBOX_MAX_AGE is malformed: '" + inboxMaxAge
                        + "' is not an ISO-8601 duration such as PT24H");
            }
        }

        // The work pipeline's pools and batches (issue 19): whole numbers, at least 1.
        count(env, "CROSSLAYER_WORK_THREADS", "crosslayer.work.threads", 1000, problems, settings);
        count(env, "CROSSLAYER_WORK_PER_TENANT", "crosslayer.work.per-tenant", 1000, problems, settings);
        count(env, "CROSSLAYER_SCHEDULER_THREADS", "crosslayer.work.scheduler-threads", 100, problems, settings);
        count(env, "CROSSLAYER_INBOX_BATCH", "crosslayer.inbox.batch", 10_000, problems, settings);
        count(env, "CROSSLAYER_INBOX_TRIAGE_WORKERS", "crosslayer.inbox.triage-workers", 100, problems, settings);

        String databaseUrl = value(env, "CROSSLAYER_DATABASE_URL", null);
        String databaseUser = value(env, "CROSSLAYER_DATABASE_USER", null);
        String databasePassword = value(env, "CROSSLAYER_DATABASE_PASSWORD", null);
        if (databaseUrl != null) {
            if (!databaseUrl.startsWith("jdbc:postgresql://")) {
                problems.add("CROSSLAYER_DATABASE_URL is malformed: it must be a PostgreSQL JDBC URL, "
                        + "e.g. jdbc:postgresql://db.example.com:5432/crosslayer");
            } else {
                settings.put("crosslayer.database.url", databaseUrl);
            }
        }
        // Outside the local profile the embedded database is chosen, never fallen into: a production deploy
        // that forgot its URL must not quietly start a database of its own on the node's disk (issue 11.4).
        String database = value(env, "CROSSLAYER_DATABASE", null);
        if (database != null && !"embedded".equals(database)) {
            problems.add("CROSSLAYER_DATABASE is malformed: its only value is 'embedded' (for an external "
                    + "PostgreSQL, set CROSSLAYER_DATABASE_URL instead)");
        } else if (database != null && databaseUrl != null) {
            problems.add("CROSSLAYER_DATABASE=embedded and CROSSLAYER_DATABASE_URL are both set: choose one");
        } else if (database == null && databaseUrl == null && !local) {
            problems.add("CROSSLAYER_DATABASE_URL is missing: set it to your PostgreSQL "
                    + "(jdbc:postgresql://host:5432/db), or set CROSSLAYER_DATABASE=embedded to run this node on "
                    + "the embedded PostgreSQL in CROSSLAYER_DATA_DIR");
        }
        String appPassword = value(env, "CROSSLAYER_DATABASE_APP_PASSWORD", null);
        String systemPassword = value(env, "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", null);
        String signerPassword = value(env, "CROSSLAYER_DATABASE_SIGNER_PASSWORD", null);
        if (databaseUrl == null && (databaseUser != null || databasePassword != null || appPassword != null
                || systemPassword != null || signerPassword != null)) {
            problems.add("CROSSLAYER_DATABASE_USER/_PASSWORD/_APP_PASSWORD/_SYSTEM_PASSWORD/_SIGNER_PASSWORD are set but "
                    + "CROSSLAYER_DATABASE_URL is not: set the URL too, or unset them to use the embedded PostgreSQL");
        }
        putIfPresent(settings, "crosslayer.database.user", databaseUser);
        putIfPresent(settings, "crosslayer.database.password", databasePassword);
        putIfPresent(settings, "crosslayer.database.app-password", appPassword);
        putIfPresent(settings, "crosslayer.database.system-password", systemPassword);
        putIfPresent(settings, "crosslayer.database.signer-password", signerPassword);

        pair(env, "CROSSLAYER_WORKOS_API_KEY", "CROSSLAYER_WORKOS_CLIENT_ID", "WorkOS", problems, settings,
                "crosslayer.workos.api-key", "crosslayer.workos.client-id");
        url(env, "CROSSLAYER_WORKOS_API_URL", "crosslayer.workos.api-url", problems, settings);

        String proxies = value(env, "CROSSLAYER_TRUSTED_PROXIES", null);
        if (proxies != null) {
            for (String proxy : proxies.split(",")) {
                if (!TrustedProxies.isAddressOrCidr(proxy.trim())) {
                    problems.add("CROSSLAYER_TRUSTED_PROXIES is malformed: '" + proxy.trim()
                            + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8)");
                }
            }
            settings.put("crosslayer.trusted-proxies", proxies);
        }

        String certificate = value(env, "CROSSLAYER_TLS_CERTIFICATE", null);
        String privateKey = value(env, "CROSSLAYER_TLS_PRIVATE_KEY", null);
        if ((certificate == null) != (privateKey == null)) {
            problems.add("TLS is half configured: set both CROSSLAYER_TLS_CERTIFICATE and "
                    + "CROSSLAYER_TLS_PRIVATE_KEY (PEM files), or neither to serve plain HTTP behind a proxy");
        } else if (certificate != null) {
            checkReadable("CROSSLAYER_TLS_CERTIFICATE", certificate, problems);
            checkReadable("CROSSLAYER_TLS_PRIVATE_KEY", privateKey, problems);
            // Spring Boot serves HTTPS itself from this SSL bundle, TLS 1.2 and 1.3 only.
            settings.put("spring.ssl.bundle.pem.crosslayer.keystore.certificate", "file:" + certificate);
            settings.put("spring.ssl.bundle.pem.crosslayer.keystore.private-key", "file:" + privateKey);
            settings.put("server.ssl.bundle", "crosslayer");
            settings.put("server.ssl.enabled-protocols", "TLSv1.3,TLSv1.2");
        }

        management(env, problems, settings);
        httpLimits(env, problems, settings);
        roles(env, problems, settings);

        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        env.getPropertySources().addFirst(new MapPropertySource("crosslayer-settings", settings));
    }

    /**
     * The daily backup (issue 17.3): {@code CROSSLAYER_BACKUP_DIR} turns it on and needs {@code CROSSLAYER_BACKUP_KEY},
     * which must not be the master key (a backup holds the tokens sealed under that one).
     */
    private static void backups(ConfigurableEnvironment env, String masterKey, List<String> problems,
                                Map<String, Object> settings) {
        String directory = value(env, "CROSSLAYER_BACKUP_DIR", null);
        String key = value(env, BackupKey.VARIABLE, null);
        if (key == null && directory == null) {
            return;
        }
        String problem = BackupKey.problem(key);
        if (problem != null) {
            problems.add(key == null ? problem + " (CROSSLAYER_BACKUP_DIR is set)" : problem);
        } else if (key.equals(masterKey)) {
            problems.add(BackupKey.VARIABLE + " must not be CROSSLAYER_MASTER_KEY: give backups a key of their own");
        } else {
            settings.put("crosslayer.backup.key", key);
        }
        if (directory != null) {
            settings.put("crosslayer.backup.dir", Path.of(directory).toAbsolutePath().normalize().toString());
        }
    }

    /**
     * {@code CROSSLAYER_ROLES} (issue 17.1): what this node does, comma-separated, all three by default. Without
     * {@code web} the public port answers only the platform's probes; without {@code workers} the inbox, card,
     * signal, expiry, reminder and drift jobs do not run; without {@code projections} the node claims no processor
     * segment. Only the roles left out are published (as {@code false}), so that an operator command's own
     * {@code false} is never turned back on.
     */
    private static void roles(ConfigurableEnvironment env, List<String> problems, Map<String, Object> settings) {
        String value = value(env, "CROSSLAYER_ROLES", null);
        if (value == null) {
            return;
        }
        List<String> roles = new ArrayList<>();
        for (String role : value.split(",")) {
            String name = role.trim().toLowerCase(Locale.ROOT);
            if (ROLES.contains(name)) {
                roles.add(name);
            } else if (!name.isEmpty()) {
                problems.add("CROSSLAYER_ROLES has an unknown role '" + role.trim() + "': the roles are web, workers "
                        + "and projections");
            }
        }
        if (roles.isEmpty()) {
            problems.add("CROSSLAYER_ROLES names no role: give one or more of web, workers and projections");
            return;
        }
        if (!roles.contains("web")) {
            settings.put("crosslayer.web.public", false);
        }
        if (!roles.contains("workers")) {
            settings.put("crosslayer.inbox.workers", false);
        }
        if (!roles.contains("projections")) {
            settings.put("crosslayer.projections.node", false);
        }
    }

    /**
     * Actuator (metrics, health details) is for operators: it is served on a port of its own, on loopback
     * unless an address is given, never on the public port (issue 12 item 5).
     */
    private static void management(ConfigurableEnvironment env, List<String> problems, Map<String, Object> settings) {
        String port = value(env, "CROSSLAYER_MANAGEMENT_PORT", "8081");
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                problems.add("CROSSLAYER_MANAGEMENT_PORT must be a port number from 1 to 65535, not " + number);
            } else if (port.equals(value(env, "server.port", "8080"))) {
                problems.add("CROSSLAYER_MANAGEMENT_PORT must differ from SERVER_PORT: operators' endpoints are "
                        + "not served on the public port");
            } else {
                settings.put("management.server.port", number);
            }
        } catch (NumberFormatException e) {
            problems.add("CROSSLAYER_MANAGEMENT_PORT is malformed: '" + port + "' is not a port number such as 8081");
        }
        String address = value(env, "CROSSLAYER_MANAGEMENT_ADDRESS", "127.0.0.1");
        if (TrustedProxies.isAddressOrCidr(address) && !address.contains("/")) {
            settings.put("management.server.address", address);
        } else {
            problems.add("CROSSLAYER_MANAGEMENT_ADDRESS is malformed: '" + address
                    + "' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface)");
        }
    }

    /** How long and how much the public port waits for a client (issue 12 item 9; {@code HttpLimits}). */
    private static void httpLimits(ConfigurableEnvironment env, List<String> problems, Map<String, Object> settings) {
        for (String name : List.of("IDLE_TIMEOUT", "HEADER_TIMEOUT", "REQUEST_TIMEOUT")) {
            String value = value(env, "CROSSLAYER_HTTP_" + name, null);
            if (value == null) {
                continue;
            }
            try {
                if (Duration.parse(value).compareTo(Duration.ofMillis(100)) < 0) {
                    problems.add("CROSSLAYER_HTTP_" + name + " must be at least PT0.1S");
                } else {
                    settings.put("crosslayer.http." + name.toLowerCase(Locale.ROOT).replace('_', '-'), value);
                }
            } catch (DateTimeParseException e) {
                problems.add("CROSSLAYER_HTTP_" + name + " is malformed: '" + value
                        + "' is not an ISO-8601 duration such as PT10S");
            }
        }
        for (String name : List.of("MAX_HEADER_SIZE", "MAX_INITIAL_LINE_LENGTH")) {
            String value = value(env, "CROSSLAYER_HTTP_" + name, null);
            if (value == null) {
                continue;
            }
            try {
                long bytes = DataSize.parse(value).toBytes();
                if (bytes < 1024 || bytes > 1024 * 1024) {
                    problems.add("CROSSLAYER_HTTP_" + name + " must be from 1KB to 1MB");
                } else {
                    settings.put("crosslayer.http." + name.toLowerCase(Locale.ROOT).replace('_', '-'), value);
                }
            } catch (IllegalArgumentException e) {
                problems.add("CROSSLAYER_HTTP_" + name + " is malformed: '" + value + "' is not a size such as 16KB");
            }
        }
    }

    static String value(ConfigurableEnvironment env, String name, String fallback) {
        String value = env.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Two settings that only make sense together: both, or neither (then the integration is not configured). */
    private static void pair(ConfigurableEnvironment env, String first, String second, String what, List<String> problems,
                             Map<String, Object> settings, String firstKey, String secondKey) {
        String a = value(env, first, null);
        String b = value(env, second, null);
        if ((a == null) != (b == null)) {
            problems.add(what + " is half configured: set both " + first + " and " + second + ", or neither");
        }
        putIfPresent(settings, firstKey, a);
        putIfPresent(settings, secondKey, b);
    }

    /** An optional base URL of an outside service (set only to point at a local fake, or a proxy). */
    private static void url(ConfigurableEnvironment env, String name, String key, List<String> problems,
                            Map<String, Object> settings) {
        String url = value(env, name, null);
        if (url != null && checkUrl(name, url, false, problems)) {
            settings.put(key, url);
        }
    }

    /** An optional whole number from 1 to {@code max}. */
    private static void count(ConfigurableEnvironment env, String name, String key, int max, List<String> problems,
                              Map<String, Object> settings) {
        String value = value(env, name, null);
        if (value == null) {
            return;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                settings.put(key, number);
                return;
            }
        } catch (NumberFormatException notANumber) {
            // named below
        }
        problems.add(name + " must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    private static void putIfPresent(Map<String, Object> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    private static boolean checkUrl(String name, String value, boolean requireHttps, List<String> problems) {
        try {
            URI uri = new URI(value);
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (!web || uri.getHost() == null) {
                problems.add(name + " is malformed: '" + value + "' is not an absolute http(s) URL");
                return false;
            }
            if (requireHttps && !"https".equals(uri.getScheme())) {
                problems.add(name + " must be an https URL outside the local profile (cookies are Secure)");
                return false;
            }
            return true;
        } catch (URISyntaxException e) {
            problems.add(name + " is malformed: '" + value + "' is not a URL");
            return false;
        }
    }

    /** A webhook witness is HTTPS; plain HTTP only to this machine (a local witness, or a test's fake). */
    private static boolean checkWitnessUrl(String value, List<String> problems) {
        if (!checkUrl("CROSSLAYER_AUDIT_WITNESS", value, false, problems)) {
            return false;
        }
        String host = URI.create(value).getHost();
        if (value.startsWith("http://") && !("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host))) {
            problems.add("CROSSLAYER_AUDIT_WITNESS must be an https URL (plain http only to localhost)");
            return false;
        }
        return true;
    }

    private static void checkReadable(String name, String file, List<String> problems) {
        if (!Files.isReadable(Path.of(file))) {
            problems.add(name + " names '" + file + "', which is not a readable file");
        }
    }

    /**
     * Checks a base64 key of at least (or, when {@code exact}, exactly) 32 bytes. Names the variable,
     * never echoes its value: it is a secret.
     */
    private static boolean checkKey(String name, String value, boolean exact, List<String> problems) {
        try {
            int length = Base64.getDecoder().decode(value).length;
            if (exact ? length == MIN_KEY_BYTES : length >= MIN_KEY_BYTES) {
                return true;
            }
            problems.add(exact ? name + " must decode to exactly " + MIN_KEY_BYTES + " bytes"
                    : name + " is too short: it must decode to at least " + MIN_KEY_BYTES + " bytes");
        } catch (IllegalArgumentException e) {
            problems.add(name + " is malformed: it must be standard base64 (openssl rand -base64 32)");
        }
        return false;
    }

    /** A local profile's key (32 random bytes, base64): generated once, kept readable by the owner only. */
    private String localKey(Path file) {
        KeyFile key = KeyFile.readOrCreate(file, MIN_KEY_BYTES);
        if (key.created()) {
            log.info("local profile: generated a key in " + file + " (set the CROSSLAYER_* variable to use your own)");
        }
        return key.value();
    }
}
