package ai.crosslayer.ops.health;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code /actuator/health} component {@code db}, time-limited (issue 19): {@code UP} when the service's own role
 * gets an answer to {@code SELECT 1} within {@code crosslayer.health.database-timeout} (800 ms), else {@code DOWN}
 * at once — a probe with a few seconds' timeout always gets an answer, even while the database hangs (Spring Boot's
 * own indicator waits for a connection as long as the pool does, 30 s). The query runs on bounded elastic threads.
 */
@Component("db")
class DatabaseHealth extends AbstractReactiveHealthIndicator {

    private final JdbcTemplate sql;
    private final Duration within;

    DatabaseHealth(@Qualifier("appDataSource") DataSource app,
                   @Value("${crosslayer.health.database-timeout:PT0.8S}") Duration within) {
        super("the database could not be checked");
        this.sql = new JdbcTemplate(app);
        this.within = within;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder health) {
        return Mono.fromCallable(() -> sql.queryForObject("SELECT 1", Integer.class))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(within)
                .map(one -> health.up().withDetail("database", "PostgreSQL").build())
                .onErrorResume(e -> Mono.just(health.down()
                        .withDetail("error", e instanceof TimeoutException ? "no answer within " + within
                                : e.getClass().getSimpleName())
                        .build()));
    }
}
