package ai.crosslayer.ops.eventstore;

import ai.crosslayer.ops.testing.ServiceSchema;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema on a PostgreSQL container, where a Docker engine exists; skipped (and reported as skipped)
 * where none does, as on the project's build machines. To run every database test on containers, set
 * {@code CROSSLAYER_TEST_DATABASE=testcontainers}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerSchemaIT {

    @Container
    private static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    @Test
    void theMigrationsRunOnAStockPostgresImage() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(POSTGRES.getJdbcUrl());
        dataSource.setUser(POSTGRES.getUsername());
        dataSource.setPassword(POSTGRES.getPassword());
        ServiceSchema.flyway(dataSource).migrate();
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'domain_event_entry'", Long.class))
                .isEqualTo(1);
    }
}
