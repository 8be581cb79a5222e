package ai.crosslayer.ops.database;

import ai.crosslayer.ops.tenancy.RoleRoutingDataSource;
import ai.crosslayer.ops.tenancy.TenantGuard;
import ai.crosslayer.ops.tenancy.TenantTransactionManager;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the data lives, and as whom the service reaches it. {@code CROSSLAYER_DATABASE_URL} when set,
 * else an embedded PostgreSQL ({@link EmbeddedPostgresServer}: a real server, durable and password-protected,
 * a child process of this one) with its data under {@code CROSSLAYER_DATA_DIR/postgres}. Four connection pools:
 * <ul>
 *   <li>the <em>owner</em> ({@code CROSSLAYER_DATABASE_USER}; {@code postgres} when embedded) runs the
 *       Flyway migrations, which create every table and the roles below, and nothing else;</li>
 *   <li>{@code crosslayer_app} serves requests, commands, queries and projections, one tenant per
 *       transaction under row-level security;</li>
 *   <li>{@code crosslayer_system} does the few cross-tenant reads;</li>
 *   <li>{@code crosslayer_signer} verifies tenants' chains and inserts their signed checkpoints, which
 *       nobody else may (issue 15.5); only {@code AuditCheckpoints} uses it.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    static final String APP_ROLE = "crosslayer_app";
    static final String SYSTEM_ROLE = "crosslayer_system";
    static final String SIGNER_ROLE = "crosslayer_signer";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Created before every pool and so destroyed after them: Spring stops the web server, the processors and
     * the pools first, and the embedded server last (issue 11.5).
     */
    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(@Value("${crosslayer.database.url:}") String url,
                                      @Value("${crosslayer.data-dir}") Path dataDir) {
        return url.isEmpty() ? new EmbeddedDatabase(EmbeddedPostgresServer.start(dataDir)) : EmbeddedDatabase.NONE;
    }

    @Bean(destroyMethod = "close")
    @FlywayDataSource
    HikariDataSource ownerDataSource(Connection connection) {
        return pool("crosslayer-owner", connection.url(), connection.ownerUser(), connection.ownerPassword(), 2);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource appDataSource(Connection connection) {
        return pool("crosslayer-app", connection.url(), APP_ROLE, connection.appPassword(), 10);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource systemDataSource(Connection connection) {
        return pool("crosslayer-system", connection.url(), SYSTEM_ROLE, connection.systemPassword(), 4);
    }

    /** Not the service's DataSource: only the checkpoint signer asks for it by name. */
    @Bean(destroyMethod = "close", defaultCandidate = false)
    HikariDataSource signerDataSource(Connection connection) {
        return pool("crosslayer-signer", connection.url(), SIGNER_ROLE, connection.signerPassword(), 2);
    }

    /** The one DataSource the rest of the service sees: app role, or system role for cross-tenant work. */
    @Bean
    @Primary
    DataSource dataSource(@Qualifier("appDataSource") DataSource app, @Qualifier("systemDataSource") DataSource system) {
        return new RoleRoutingDataSource(app, system);
    }

    @Bean
    TenantTransactionManager transactionManager(DataSource dataSource) {
        return new TenantTransactionManager(dataSource);
    }

    /**
     * Migrate as the owner, then give the three roles their passwords (configured for an external database;
     * for the embedded one, new random ones at every start, held only in this process's memory), so no
     * operator has to.
     */
    @Bean
    FlywayMigrationStrategy migrateThenSetRolePasswords(@Qualifier("ownerDataSource") DataSource owner,
                                                        @Qualifier("appDataSource") HikariDataSource app,
                                                        @Qualifier("systemDataSource") HikariDataSource system,
                                                        @Qualifier("signerDataSource") HikariDataSource signer,
                                                        Connection connection) {
        return flyway -> {
            log.info("migrating the database schema (Flyway)");
            flyway.migrate();
            JdbcTemplate sql = new JdbcTemplate(owner);
            setPassword(sql, APP_ROLE, connection.appPassword());
            setPassword(sql, SYSTEM_ROLE, connection.systemPassword());
            setPassword(sql, SIGNER_ROLE, connection.signerPassword());
            // Only now can the roles log in: let the pools keep connections warm from here on.
            for (HikariDataSource pool : new HikariDataSource[]{app, system, signer}) {
                pool.getHikariConfigMXBean().setMinimumIdle(pool.getMaximumPoolSize());
            }
        };
    }

    @Bean
    ExecuteListenerProvider tenantGuard(@Qualifier("ownerDataSource") DataSource owner) {
        JdbcTemplate sql = new JdbcTemplate(owner);
        return new DefaultExecuteListenerProvider(new TenantGuard(new TenantScopedTables(sql)));
    }

    private static void setPassword(JdbcTemplate sql, String role, String password) {
        if (password != null && !password.isEmpty()) {
            // ALTER ROLE takes no bind parameters; quote_literal makes the value a safe literal.
            String literal = sql.queryForObject("SELECT quote_literal(?)", String.class, password);
            sql.execute("ALTER ROLE " + role + " PASSWORD " + literal);
        }
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName(name);
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password == null || password.isEmpty() ? null : password);
        pool.setMaximumPoolSize(size);
        // The roles exist (and have their passwords) only once the owner has migrated: no connection before
        // first use; migrateThenSetRolePasswords then lets the pools fill.
        pool.setInitializationFailTimeout(-1);
        pool.setMinimumIdle(0);
        return new HikariDataSource(pool);
    }

    @Bean
    Connection connection(@Value("${crosslayer.database.url:}") String url,
                          @Value("${crosslayer.database.user:}") String user,
                          @Value("${crosslayer.database.password:}") String password,
                          @Value("${crosslayer.database.app-password:}") String appPassword,
                          @Value("${crosslayer.database.system-password:}") String systemPassword,
                          @Value("${crosslayer.database.signer-password:}") String signerPassword,
                          EmbeddedDatabase embedded) {
        return embedded.server == null
                ? new Connection(url, user.isEmpty() ? null : user, password, appPassword, systemPassword, signerPassword)
                : new Connection(embedded.server.jdbcUrl(), EmbeddedPostgresServer.OWNER,
                        embedded.server.ownerPassword(), randomPassword(), randomPassword(), randomPassword());
    }

    private static String randomPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Where the database is, the owner's credentials, and the passwords the three roles log in with. */
    record Connection(String url, String ownerUser, String ownerPassword, String appPassword, String systemPassword,
                      String signerPassword) {

        @Override
        public String toString() {
            return "Connection[" + url + " as " + ownerUser + "]"; // never the passwords
        }
    }

    /** The tables with a tenant_id column, read once from the migrated schema. */
    private static final class TenantScopedTables implements java.util.function.Supplier<Set<String>> {
        private final JdbcTemplate sql;
        private volatile Set<String> tables;

        TenantScopedTables(JdbcTemplate sql) {
            this.sql = sql;
        }

        @Override
        public Set<String> get() {
            Set<String> known = tables;
            if (known == null) {
                known = Set.copyOf(new HashSet<>(sql.queryForList("SELECT table_name FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND column_name = 'tenant_id'", String.class)));
                tables = known;
            }
            return known;
        }
    }

    /** The embedded server, or {@link #NONE} when an external database is configured. */
    static final class EmbeddedDatabase implements AutoCloseable {

        static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

        private final EmbeddedPostgresServer server;

        EmbeddedDatabase(EmbeddedPostgresServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
