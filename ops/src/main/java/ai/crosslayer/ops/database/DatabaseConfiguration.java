package ai.crosslayer.ops.database;

import ai.crosslayer.ops.tenancy.RoleRoutingDataSource;
import ai.crosslayer.ops.tenancy.TenantGuard;
import ai.crosslayer.ops.tenancy.TenantTransactionManager;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the data lives, and as whom the service reaches it. {@code CROSSLAYER_DATABASE_URL} when set,
 * else an embedded PostgreSQL (a real server, started in-process) with its data under
 * {@code CROSSLAYER_DATA_DIR/postgres}. Four connection pools:
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

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(@Value("${crosslayer.database.url:}") String url,
                                      @Value("${crosslayer.data-dir}") Path dataDir) {
        return url.isEmpty() ? EmbeddedDatabase.start(dataDir.resolve("postgres")) : EmbeddedDatabase.NONE;
    }

    @Bean(destroyMethod = "close")
    @FlywayDataSource
    HikariDataSource ownerDataSource(Connection connection) {
        return pool("crosslayer-owner", connection.url(), connection.ownerUser(), connection.ownerPassword(), 2);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource appDataSource(Connection connection, @Value("${crosslayer.database.app-password:}") String password) {
        return pool("crosslayer-app", connection.url(), APP_ROLE, password, 10);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource systemDataSource(Connection connection,
                                      @Value("${crosslayer.database.system-password:}") String password) {
        return pool("crosslayer-system", connection.url(), SYSTEM_ROLE, password, 4);
    }

    /** Not the service's DataSource: only the checkpoint signer asks for it by name. */
    @Bean(destroyMethod = "close", defaultCandidate = false)
    HikariDataSource signerDataSource(Connection connection,
                                      @Value("${crosslayer.database.signer-password:}") String password) {
        return pool("crosslayer-signer", connection.url(), SIGNER_ROLE, password, 2);
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
     * Migrate as the owner, then give the three roles the passwords configured for them (external
     * databases; the embedded one trusts local connections), so no operator has to.
     */
    @Bean
    FlywayMigrationStrategy migrateThenSetRolePasswords(@Qualifier("ownerDataSource") DataSource owner,
                                                        @Value("${crosslayer.database.app-password:}") String app,
                                                        @Value("${crosslayer.database.system-password:}") String system,
                                                        @Value("${crosslayer.database.signer-password:}") String signer) {
        return flyway -> {
            flyway.migrate();
            JdbcTemplate sql = new JdbcTemplate(owner);
            setPassword(sql, APP_ROLE, app);
            setPassword(sql, SYSTEM_ROLE, system);
            setPassword(sql, SIGNER_ROLE, signer);
        };
    }

    @Bean
    ExecuteListenerProvider tenantGuard(@Qualifier("ownerDataSource") DataSource owner) {
        JdbcTemplate sql = new JdbcTemplate(owner);
        return new DefaultExecuteListenerProvider(new TenantGuard(new TenantScopedTables(sql)));
    }

    private static void setPassword(JdbcTemplate sql, String role, String password) {
        if (!password.isEmpty()) {
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
        // The roles exist only once the owner has migrated: connect on first use, not at construction.
        pool.setInitializationFailTimeout(-1);
        return new HikariDataSource(pool);
    }

    @Bean
    Connection connection(@Value("${crosslayer.database.url:}") String url,
                          @Value("${crosslayer.database.user:}") String user,
                          @Value("${crosslayer.database.password:}") String password,
                          EmbeddedDatabase embedded) {
        return url.isEmpty()
                ? new Connection(embedded.jdbcUrl(), "postgres", null)
                : new Connection(url, user.isEmpty() ? null : user, password);
    }

    /** Where the database is, and the owner's credentials. */
    record Connection(String url, String ownerUser, String ownerPassword) {
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

        private final EmbeddedPostgres postgres;

        private EmbeddedDatabase(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        static EmbeddedDatabase start(Path directory) {
            try {
                Files.createDirectories(directory);
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(directory)
                        // Keep the data: this is the service's database, not a test fixture.
                        .setCleanDataDirectory(false)
                        .start();
                log.info("embedded PostgreSQL on port {} with its data in {}", postgres.getPort(), directory);
                return new EmbeddedDatabase(postgres);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory
                        + " (is another CrossLayer using it?)", e);
            }
        }

        String jdbcUrl() {
            return postgres.getJdbcUrl("postgres", "postgres");
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
