package ai.crosslayer.ops.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one {@link DataSource}: {@code CROSSLAYER_DATABASE_URL} when set, else an embedded PostgreSQL
 * (a real server, started in-process) with its data under {@code CROSSLAYER_DATA_DIR/postgres}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(@Value("${crosslayer.database.url:}") String url,
                                @Value("${crosslayer.database.user:}") String user,
                                @Value("${crosslayer.database.password:}") String password,
                                EmbeddedDatabase embedded) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("crosslayer");
        if (url.isEmpty()) {
            pool.setJdbcUrl(embedded.jdbcUrl());
            pool.setUsername("postgres");
        } else {
            pool.setJdbcUrl(url);
            pool.setUsername(user.isEmpty() ? null : user);
            pool.setPassword(password.isEmpty() ? null : password);
        }
        return new HikariDataSource(pool);
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(@Value("${crosslayer.database.url:}") String url,
                                      @Value("${crosslayer.data-dir}") Path dataDir) {
        return url.isEmpty() ? EmbeddedDatabase.start(dataDir.resolve("postgres")) : EmbeddedDatabase.NONE;
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
