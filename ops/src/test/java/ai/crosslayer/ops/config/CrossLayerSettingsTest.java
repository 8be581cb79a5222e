package ai.crosslayer.ops.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CrossLayerSettingsTest {

    private static final String GOOD_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dataDir;

    private final CrossLayerSettings settings = new CrossLayerSettings(new DeferredLogs());

    @Test
    void productionWithNothingSetNamesEveryMissingSettingAtOnce() {
        InvalidConfigurationException refused = catchThrowableOfType(InvalidConfigurationException.class,
                () -> settings.postProcessEnvironment(production(), new SpringApplication()));
        assertThat(refused.problems()).hasSize(5);
        assertThat(refused.getMessage()).contains("CROSSLAYER_PUBLIC_URL is missing",
                "CROSSLAYER_SESSION_KEY is missing", "CROSSLAYER_AUDIT_SIGNING_KEY is missing",
                "CROSSLAYER_MASTER_KEY is missing", "CROSSLAYER_DATABASE_URL is missing");
    }

    @Test
    void outsideTheLocalProfileTheEmbeddedDatabaseMustBeAskedFor() {
        MockEnvironment forgotItsUrl = complete(production());
        assertThatThrownBy(() -> settings.postProcessEnvironment(forgotItsUrl, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_DATABASE_URL is missing")
                .hasMessageContaining("CROSSLAYER_DATABASE=embedded");

        MockEnvironment saidSo = complete(production()).withProperty("CROSSLAYER_DATABASE", "embedded");
        settings.postProcessEnvironment(saidSo, new SpringApplication());
        assertThat(saidSo.getProperty("crosslayer.database.url")).isNull();

        MockEnvironment both = complete(production()).withProperty("CROSSLAYER_DATABASE", "embedded")
                .withProperty("CROSSLAYER_DATABASE_URL", "jdbc:postgresql://db.test:5432/crosslayer");
        assertThatThrownBy(() -> settings.postProcessEnvironment(both, new SpringApplication()))
                .hasMessageContaining("both set: choose one");

        MockEnvironment typo = complete(production()).withProperty("CROSSLAYER_DATABASE", "embeded");
        assertThatThrownBy(() -> settings.postProcessEnvironment(typo, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_DATABASE is malformed");
    }

    @Test
    void theLocalProfileRunsOnTheEmbeddedDatabaseWithoutBeingTold() {
        MockEnvironment env = local();
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("crosslayer.database.url")).isNull();
    }

    /** Issue 17.3: the daily backup needs its own key, which is checked at start-up and is not the master key. */
    @Test
    void aBackupDirectoryNeedsABackupKeyOfItsOwn() {
        MockEnvironment noKey = complete(production()).withProperty("CROSSLAYER_DATABASE", "embedded")
                .withProperty("CROSSLAYER_BACKUP_DIR", dataDir.resolve("backups").toString());
        assertThatThrownBy(() -> settings.postProcessEnvironment(noKey, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_BACKUP_KEY is missing")
                .hasMessageContaining("(CROSSLAYER_BACKUP_DIR is set)");

        MockEnvironment masterKey = complete(production()).withProperty("CROSSLAYER_DATABASE", "embedded")
                .withProperty("CROSSLAYER_BACKUP_KEY", GOOD_KEY);
        assertThatThrownBy(() -> settings.postProcessEnvironment(masterKey, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_BACKUP_KEY must not be CROSSLAYER_MASTER_KEY")
                .message().doesNotContain(GOOD_KEY);

        MockEnvironment shortKey = complete(production()).withProperty("CROSSLAYER_DATABASE", "embedded")
                .withProperty("CROSSLAYER_BACKUP_KEY", "c2hvcnQ=");
        assertThatThrownBy(() -> settings.postProcessEnvironment(shortKey, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_BACKUP_KEY must decode to exactly 32 bytes");

        String ownKey = Base64.getEncoder().encodeToString("a backup key of thirty-two bytes".getBytes());
        MockEnvironment good = complete(production()).withProperty("CROSSLAYER_DATABASE", "embedded")
                .withProperty("CROSSLAYER_BACKUP_KEY", ownKey)
                .withProperty("CROSSLAYER_BACKUP_DIR", "backups");
        settings.postProcessEnvironment(good, new SpringApplication());
        assertThat(good.getProperty("crosslayer.backup.key")).isEqualTo(ownKey);
        assertThat(good.getProperty("crosslayer.backup.dir")).isEqualTo(Path.of("backups").toAbsolutePath().normalize().toString());
    }

    private static MockEnvironment complete(MockEnvironment env) {
        return env.withProperty("CROSSLAYER_PUBLIC_URL", "https://crosslayer.test")
                .withProperty("CROSSLAYER_SESSION_KEY", GOOD_KEY)
                .withProperty("CROSSLAYER_AUDIT_SIGNING_KEY", GOOD_KEY)
                .withProperty("CROSSLAYER_MASTER_KEY", GOOD_KEY);
    }

    @Test
    void workPoolsAndBatchesAreWholeNumbersInTheirRangeOrNamed() {
        MockEnvironment env = production()
                .withProperty("CROSSLAYER_WORK_PER_TENANT", "0")
                .withProperty("CROSSLAYER_INBOX_BATCH", "lots")
                .withProperty("CROSSLAYER_WORK_THREADS", "12");

        InvalidConfigurationException refused = catchThrowableOfType(InvalidConfigurationException.class,
                () -> settings.postProcessEnvironment(env, new SpringApplication()));

        assertThat(refused.getMessage()).contains(
                "CROSSLAYER_WORK_PER_TENANT must be a whole number from 1 to 1000, not '0'",
                "CROSSLAYER_INBOX_BATCH must be a whole number from 1 to 10000, not 'lots'")
                .doesNotContain("CROSSLAYER_WORK_THREADS");
    }

    @Test
    void malformedSettingsAreEachNamedAndSecretsAreNeverEchoed() {
        MockEnvironment env = production()
                .withProperty("CROSSLAYER_PUBLIC_URL", "http://crosslayer.test")
                .withProperty("CROSSLAYER_SESSION_KEY", "c2hvcnQtc2VjcmV0LXZhbHVl")
                .withProperty("CROSSLAYER_AUDIT_SIGNING_KEY", "c2hvcnQtc2VjcmV0LXZhbHVl")
                .withProperty("CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL", "hourly")
                .withProperty("CROSSLAYER_AUDIT_RETIRED_PUBLIC_KEYS", GOOD_KEY + ",c2hvcnQ=")
                .withProperty("CROSSLAYER_DATABASE_URL", "postgres://db.test/crosslayer")
                .withProperty("CROSSLAYER_WORKOS_API_KEY", "workos-test-api-key")
                .withProperty("CROSSLAYER_WORKOS_API_URL", "not a url")
                .withProperty("CROSSLAYER_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")
                .withProperty("CROSSLAYER_TLS_CERTIFICATE", "/nowhere/cert.pem")
                .withProperty("CROSSLAYER_MASTER_KEY", "c2hvcnQtc2VjcmV0LXZhbHVl")
                .withProperty("CROSSLAYER_MASTER_KEY_PREVIOUS", GOOD_KEY + ",bm90LWEta2V5")
                .withProperty("CROSSLAYER_SLACK_CLIENT_SECRET", "slack-test-client-secret")
                .withProperty("CROSSLAYER_GITHUB_API_URL", "ftp://github.test");

        InvalidConfigurationException refused = catchThrowableOfType(InvalidConfigurationException.class,
                () -> settings.postProcessEnvironment(env, new SpringApplication()));

        assertThat(refused.getMessage()).contains(
                "CROSSLAYER_PUBLIC_URL must be an https URL",
                "CROSSLAYER_SESSION_KEY is too short",
                "CROSSLAYER_DATABASE_URL is malformed",
                "WorkOS is half configured",
                "CROSSLAYER_WORKOS_API_URL is malformed",
                "'proxy.internal' is not an IP address",
                "TLS is half configured",
                "CROSSLAYER_AUDIT_SIGNING_KEY must decode to exactly 32 bytes",
                "CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL is malformed",
                "CROSSLAYER_AUDIT_RETIRED_PUBLIC_KEYS must decode to exactly 32 bytes",
                "CROSSLAYER_MASTER_KEY must decode to exactly 32 bytes",
                "CROSSLAYER_MASTER_KEY_PREVIOUS must decode to exactly 32 bytes",
                "Slack is half configured",
                "CROSSLAYER_GITHUB_API_URL is malformed");
        assertThat(refused.problems()).hasSize(14);
        assertThat(refused.getMessage()).doesNotContain("c2hvcnQtc2VjcmV0LXZhbHVl", "workos-test-api-key",
                "bm90LWEta2V5", "slack-test-client-secret");
    }

    @Test
    void aSessionKeyThatIsNotBase64IsNamed() {
        MockEnvironment env = production()
                .withProperty("CROSSLAYER_PUBLIC_URL", "https://crosslayer.test")
                .withProperty("CROSSLAYER_AUDIT_SIGNING_KEY", GOOD_KEY)
                .withProperty("CROSSLAYER_SESSION_KEY", "not base64 at all!");
        assertThatThrownBy(() -> settings.postProcessEnvironment(env, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_SESSION_KEY is malformed");
    }

    @Test
    void aCompleteProductionConfigurationIsPublishedForBinding() {
        MockEnvironment env = production()
                .withProperty("CROSSLAYER_PUBLIC_URL", "https://crosslayer.test")
                .withProperty("CROSSLAYER_SESSION_KEY", GOOD_KEY)
                .withProperty("CROSSLAYER_AUDIT_SIGNING_KEY", GOOD_KEY)
                .withProperty("CROSSLAYER_MASTER_KEY", GOOD_KEY)
                .withProperty("CROSSLAYER_DATABASE_URL", "jdbc:postgresql://db.test:5432/crosslayer");
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("crosslayer.vault.master-key")).isEqualTo(GOOD_KEY);
        assertThat(env.getProperty("crosslayer.public-url")).isEqualTo("https://crosslayer.test");
        assertThat(env.getProperty("crosslayer.local-profile")).isEqualTo("false");
        assertThat(env.getProperty("crosslayer.database.url")).isEqualTo("jdbc:postgresql://db.test:5432/crosslayer");
    }

    @Test
    void theLocalProfileGeneratesItsKeysOnceAndKeepsThem() throws Exception {
        MockEnvironment first = local();
        settings.postProcessEnvironment(first, new SpringApplication());
        MockEnvironment second = local();
        settings.postProcessEnvironment(second, new SpringApplication());

        String kept = Files.readString(dataDir.resolve("keys/session.key")).trim();
        assertThat(Base64.getDecoder().decode(kept)).hasSize(32);
        assertThat(first.getProperty("crosslayer.session-key")).isEqualTo(kept);
        assertThat(second.getProperty("crosslayer.session-key")).isEqualTo(kept);
        assertThat(first.getProperty("crosslayer.public-url")).isEqualTo("http://localhost:8080");

        String masterKey = Files.readString(dataDir.resolve("keys/master.key")).trim();
        assertThat(Base64.getDecoder().decode(masterKey)).hasSize(32);
        assertThat(first.getProperty("crosslayer.vault.master-key")).isEqualTo(masterKey);
        assertThat(second.getProperty("crosslayer.vault.master-key")).isEqualTo(masterKey);
    }

    @Test
    void tlsSettingsTurnOnHttpsWithModernProtocolsOnly() throws Exception {
        Path cert = Files.writeString(dataDir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(dataDir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        MockEnvironment env = local()
                .withProperty("CROSSLAYER_TLS_CERTIFICATE", cert.toString())
                .withProperty("CROSSLAYER_TLS_PRIVATE_KEY", key.toString());
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("server.ssl.bundle")).isEqualTo("crosslayer");
        assertThat(env.getProperty("server.ssl.enabled-protocols")).isEqualTo("TLSv1.3,TLSv1.2");
    }

    @Test
    void actuatorGetsALoopbackManagementPortOfItsOwnByDefault() {
        MockEnvironment env = local();
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("management.server.port")).isEqualTo("8081");
        assertThat(env.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void aManagementPortThatIsThePublicPortOrNotAnAddressIsRefused() {
        MockEnvironment env = local()
                .withProperty("server.port", "9000")
                .withProperty("CROSSLAYER_MANAGEMENT_PORT", "9000")
                .withProperty("CROSSLAYER_MANAGEMENT_ADDRESS", "management.example");
        assertThatThrownBy(() -> settings.postProcessEnvironment(env, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_MANAGEMENT_PORT must differ from SERVER_PORT")
                .hasMessageContaining("CROSSLAYER_MANAGEMENT_ADDRESS is malformed");
    }

    @Test
    void httpLimitsAreCheckedAndPublished() {
        MockEnvironment good = local()
                .withProperty("CROSSLAYER_HTTP_REQUEST_TIMEOUT", "PT5S")
                .withProperty("CROSSLAYER_HTTP_MAX_HEADER_SIZE", "32KB");
        settings.postProcessEnvironment(good, new SpringApplication());
        assertThat(good.getProperty("crosslayer.http.request-timeout")).isEqualTo("PT5S");
        assertThat(good.getProperty("crosslayer.http.max-header-size")).isEqualTo("32KB");

        MockEnvironment bad = local()
                .withProperty("CROSSLAYER_HTTP_HEADER_TIMEOUT", "ten seconds")
                .withProperty("CROSSLAYER_HTTP_IDLE_TIMEOUT", "PT0S")
                .withProperty("CROSSLAYER_HTTP_MAX_INITIAL_LINE_LENGTH", "10");
        assertThatThrownBy(() -> settings.postProcessEnvironment(bad, new SpringApplication()))
                .hasMessageContaining("CROSSLAYER_HTTP_HEADER_TIMEOUT is malformed")
                .hasMessageContaining("CROSSLAYER_HTTP_IDLE_TIMEOUT must be at least")
                .hasMessageContaining("CROSSLAYER_HTTP_MAX_INITIAL_LINE_LENGTH must be from 1KB to 1MB");
    }

    @Test
    void rolesLeftOutTurnTheirPartsOffAndAnUnknownRoleIsNamed() {
        MockEnvironment all = local();
        settings.postProcessEnvironment(all, new SpringApplication());
        assertThat(all.getProperty("crosslayer.web.public")).isNull();
        assertThat(all.getProperty("crosslayer.inbox.workers")).isNull();
        assertThat(all.getProperty("crosslayer.projections.node")).isNull();

        MockEnvironment web = local().withProperty("CROSSLAYER_ROLES", "web");
        settings.postProcessEnvironment(web, new SpringApplication());
        assertThat(web.getProperty("crosslayer.web.public")).isNull();
        assertThat(web.getProperty("crosslayer.inbox.workers")).isEqualTo("false");
        assertThat(web.getProperty("crosslayer.projections.node")).isEqualTo("false");

        MockEnvironment workers = local().withProperty("CROSSLAYER_ROLES", " Workers , projections");
        settings.postProcessEnvironment(workers, new SpringApplication());
        assertThat(workers.getProperty("crosslayer.web.public")).isEqualTo("false");
        assertThat(workers.getProperty("crosslayer.inbox.workers")).isNull();
        assertThat(workers.getProperty("crosslayer.projections.node")).isNull();

        assertThatThrownBy(() -> settings.postProcessEnvironment(local().withProperty("CROSSLAYER_ROLES", "web,cron"),
                new SpringApplication())).hasMessageContaining("CROSSLAYER_ROLES has an unknown role 'cron'");
        assertThatThrownBy(() -> settings.postProcessEnvironment(local().withProperty("CROSSLAYER_ROLES", " , "),
                new SpringApplication())).hasMessageContaining("CROSSLAYER_ROLES names no role");
    }

    private MockEnvironment production() {
        MockEnvironment env = new MockEnvironment().withProperty("CROSSLAYER_DATA_DIR", dataDir.toString());
        env.setActiveProfiles("production");
        return env;
    }

    private MockEnvironment local() {
        MockEnvironment env = new MockEnvironment().withProperty("CROSSLAYER_DATA_DIR", dataDir.toString());
        env.setActiveProfiles("local");
        return env;
    }
}
