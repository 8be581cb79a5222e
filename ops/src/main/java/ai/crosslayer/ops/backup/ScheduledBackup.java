package ai.crosslayer.ops.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The daily backup inside the service, when {@code CROSSLAYER_BACKUP_DIR} is set: every hour (and a minute after
 * start) it looks at the directory, and when no backup there is younger than a day it makes one, then prunes to
 * the 7-day window. Checking the directory rather than keeping a 24-hour timer means restarts neither skip a day
 * nor add one. Nodes that share a database take a PostgreSQL advisory lock first, so one of them backs up at a
 * time; give them one shared directory (or set it on one node only) so that they see each other's backups.
 */
@Component
@ConditionalOnProperty("crosslayer.backup.dir")
class ScheduledBackup {

    /** "CLBK": the advisory lock that one node at a time holds while it backs up. */
    static final long LOCK = 0x434C424BL;
    private static final Logger log = LoggerFactory.getLogger(ScheduledBackup.class);

    private final DataSource owner;
    private final Path directory;
    private final BackupKey key;
    private final Clock clock;
    private final Environment environment;

    ScheduledBackup(@Qualifier("ownerDataSource") DataSource owner, @Value("${crosslayer.backup.dir}") Path directory,
                    @Value("${crosslayer.backup.key}") String key, Clock clock, Environment environment) {
        this.owner = owner;
        this.directory = directory;
        this.key = BackupKey.parse(key);
        this.clock = clock;
        this.environment = environment;
    }

    @Scheduled(fixedDelayString = "${crosslayer.backup.check-interval:PT1H}",
            initialDelayString = "${crosslayer.backup.first-check:PT1M}")
    void backUpWhenDue() throws IOException, SQLException {
        if (!Backups.due(directory, clock.instant())) {
            return;
        }
        try (Connection connection = owner.getConnection()) {
            if (!tryLock(connection)) {
                log.info("daily backup: another node is making it");
                return;
            }
            try {
                if (!Backups.due(directory, clock.instant())) {
                    return; // the node that held the lock just made it
                }
                log.info("daily backup: writing a snapshot of the database to {}", directory);
                Backups.Created created = Backups.create(connection, key, directory,
                        BackupCommands.source(environment, connection), clock.instant(), log::info);
                log.info("daily backup: {} tables, {} rows ({} bytes) in {} in {} s", created.summary().tables(),
                        created.summary().rows(), created.summary().bytes(), created.file(),
                        String.format("%.1f", created.summary().seconds()));
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                unlock(connection);
            }
        }
        Backups.Pruned pruned = Backups.prune(directory, clock.instant());
        pruned.deleted().forEach(b -> log.info("daily backup: deleted {} (made {}), older than the {}-day window",
                b.file(), b.createdAt(), Backups.WINDOW.toDays()));
        pruned.unreadable().forEach(f -> log.warn("daily backup: {} has no backup header; left alone", f));
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet taken = lock.executeQuery()) {
                taken.next();
                return taken.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, LOCK);
            unlock.execute();
        }
    }
}
