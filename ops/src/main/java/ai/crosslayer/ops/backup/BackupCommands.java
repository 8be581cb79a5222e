package ai.crosslayer.ops.backup;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.function.Function;

/**
 * {@code backup create|verify|restore|prune}: the operator's side of backups. {@code create} and {@code restore}
 * start only the database (the embedded one in {@code CROSSLAYER_DATA_DIR}, or {@code CROSSLAYER_DATABASE_URL})
 * and work as its owner, the role the migrations run as; {@code verify} and {@code prune} need no database.
 * The key is {@code CROSSLAYER_BACKUP_KEY}, the directory {@code CROSSLAYER_BACKUP_DIR} unless given.
 */
public final class BackupCommands {

    private final PrintStream out;
    private final PrintStream err;
    private final Function<Class<?>, ConfigurableApplicationContext> contexts;

    /** {@code contexts} starts a Spring application from a source class, as the other operator commands do. */
    public BackupCommands(PrintStream out, PrintStream err, Function<Class<?>, ConfigurableApplicationContext> contexts) {
        this.out = out;
        this.err = err;
        this.contexts = contexts;
    }

    /** The command line is wrong; the message says how. */
    public static final class WrongUsage extends RuntimeException {
        WrongUsage(String sentence) {
            super(sentence);
        }
    }

    /**
     * The service's database and nothing else: no processors, no web server, no migration (restore migrates
     * to the backup's version itself). Processed as a configuration class because it is a source, and left
     * out of the service's own component scan because it is no component.
     */
    @ComponentScan("ai.crosslayer.ops.database")
    static final class DatabaseOnly {
    }

    /** Runs {@code backup <verb> ...}; answers the exit code (0 done, 1 failed or not configured, with a sentence). */
    public int run(String[] args) {
        if (args.length < 2) {
            throw new WrongUsage("Say which: backup create, backup verify, backup restore or backup prune.");
        }
        try {
            return switch (args[1]) {
                case "create" -> create(option(args, "--to", "CROSSLAYER_BACKUP_DIR"));
                case "verify" -> verify(file(args, "verify"));
                case "restore" -> restore(file(args, "restore"));
                case "prune" -> prune(option(args, "--dir", "CROSSLAYER_BACKUP_DIR"));
                default -> throw new WrongUsage("Unknown command 'backup " + args[1] + "'.");
            };
        } catch (NotConfigured e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private int create(Path directory) {
        BackupKey key = key();
        try (ConfigurableApplicationContext context = contexts.apply(DatabaseOnly.class);
             Connection owner = owner(context).getConnection()) {
            Backups.Created created = Backups.create(owner, key, directory, source(context.getEnvironment(), owner),
                    Instant.now(), err::println);
            DatabaseBackup.Summary summary = created.summary();
            out.printf("Backed up %d tables, %,d rows (%,.1f MB) to %s in %.1f s (%,.1f MB/s), under backup key %s.%n",
                    summary.tables(), summary.rows(), summary.bytes() / 1e6, created.file(), summary.seconds(),
                    summary.megabytesPerSecond(), key.id());
            return 0;
        } catch (DatabaseBackup.Refused e) {
            err.println("NOT BACKED UP: " + e.getMessage() + ".");
            return 1;
        } catch (IOException | SQLException e) {
            err.println("NOT BACKED UP: " + e.getMessage() + ". Nothing was left in " + directory + ".");
            return 1;
        }
    }

    private int verify(Path file) {
        BackupKey key = key();
        try {
            Backups.Verified verified = Backups.verify(file, key, err::println);
            out.printf("Verified: %s is whole and decrypts under backup key %s; made %s from %s (schema %s): "
                            + "%d tables, %,d rows.%n", file, key.id(), verified.header().createdAt(),
                    verified.header().source(), verified.header().schemaVersion(), verified.summary().tables(),
                    verified.summary().rows());
            return 0;
        } catch (BackupFile.Unreadable e) {
            out.println("NOT VERIFIED: " + file + " " + e.getMessage() + ".");
            return 1;
        } catch (IOException e) {
            out.println("NOT VERIFIED: cannot read " + file + ": " + e.getMessage() + ".");
            return 1;
        }
    }

    /**
     * Reads the file through once (nothing is touched if it is damaged), then migrates the empty database to the
     * backup's schema version and loads it in one transaction.
     */
    private int restore(Path file) {
        BackupKey key = key();
        Backups.Verified verified;
        try {
            verified = Backups.verify(file, key, err::println);
        } catch (IOException e) {
            out.println("NOT RESTORED: " + file + " " + (e instanceof BackupFile.Unreadable ? "" : "cannot be read: ")
                    + e.getMessage() + "; nothing was restored.");
            return 1;
        }
        String version = verified.header().schemaVersion();
        try (ConfigurableApplicationContext context = contexts.apply(DatabaseOnly.class)) {
            DataSource owner = owner(context);
            try (Connection connection = owner.getConnection()) {
                String present = DatabaseBackup.schemaVersion(connection);
                if (present == null && DatabaseBackup.tableCount(connection) > 0) {
                    throw new DatabaseBackup.Refused("the database is not empty (it has tables, but no CrossLayer "
                            + "schema): restore into an empty database, or a fresh CROSSLAYER_DATA_DIR");
                }
            }
            err.println("restore: migrating the empty database to schema " + version + " (the backup's)");
            Flyway.configure().dataSource(owner)
                    .locations(context.getEnvironment().getRequiredProperty("spring.flyway.locations").split(","))
                    .target(version).load().migrate();
            DatabaseBackup.Summary summary;
            try (Connection connection = owner.getConnection()) {
                String migrated = DatabaseBackup.schemaVersion(connection);
                if (!version.equals(migrated)) {
                    throw new DatabaseBackup.Refused("the backup has schema " + version + ", but the database is at "
                            + migrated + " after migrating: restore into an empty database, with the CrossLayer that made "
                            + "the backup or a newer one");
                }
                summary = Backups.restore(connection, file, key, err::println);
            }
            out.printf("Restored %d tables, %,d rows from %s (made %s from %s) in %.1f s. Start the service on this "
                            + "database with the same CROSSLAYER_MASTER_KEY and CROSSLAYER_AUDIT_SIGNING_KEY.%n",
                    summary.tables(), summary.rows(), file, verified.header().createdAt(), verified.header().source(),
                    summary.seconds());
            return 0;
        } catch (DatabaseBackup.Refused e) {
            out.println("NOT RESTORED: " + e.getMessage() + "; nothing was restored.");
            return 1;
        } catch (IOException | FlywayException e) {
            out.println("NOT RESTORED: " + (e instanceof BackupFile.Unreadable ? file + " " : "") + e.getMessage()
                    + "; nothing was restored.");
            return 1;
        } catch (SQLException e) {
            out.println("NOT RESTORED: the database refused it: " + e.getMessage() + "; nothing was restored.");
            return 1;
        }
    }

    private int prune(Path directory) {
        try {
            Backups.Pruned pruned = Backups.prune(directory, Instant.now());
            pruned.deleted().forEach(b -> out.println("Deleted " + b.file() + " (made " + b.createdAt() + ")."));
            pruned.unreadable().forEach(f -> out.println("Left " + f + " alone: it has no backup header to date it by."));
            out.println("Kept " + pruned.kept().size() + " backup(s) in " + directory + "; deleted " + pruned.deleted().size()
                    + " older than " + Backups.WINDOW.toDays() + " days (the newest is kept up to "
                    + Backups.OVERWRITTEN_WITHIN.toDays() + " days).");
            return 0;
        } catch (IOException e) {
            out.println("NOT PRUNED: " + e.getMessage() + ".");
            return 1;
        }
    }

    private static DataSource owner(ConfigurableApplicationContext context) {
        return context.getBean("ownerDataSource", DataSource.class);
    }

    /** Where a backup comes from, for its header: the embedded data directory or the URL (never credentials). */
    static String source(Environment environment, Connection owner) throws SQLException {
        String url = environment.getProperty("crosslayer.database.url", "");
        String where = url.isEmpty() ? "the embedded PostgreSQL in " + environment.getProperty("crosslayer.data-dir")
                : url.replaceFirst("\\?.*$", "");
        try (Statement sql = owner.createStatement(); ResultSet version = sql.executeQuery("SHOW server_version")) {
            version.next();
            return where + " (PostgreSQL " + version.getString(1) + ")";
        }
    }

    private static BackupKey key() {
        try {
            return BackupKey.parse(setting(BackupKey.VARIABLE));
        } catch (IllegalArgumentException e) {
            throw new NotConfigured(e.getMessage() + ".");
        }
    }

    /** A setting the command needs is missing or malformed; the message names it (never its value). */
    private static final class NotConfigured extends RuntimeException {
        NotConfigured(String sentence) {
            super(sentence, null, false, false);
        }
    }

    private static Path file(String[] args, String verb) {
        if (args.length != 3) {
            throw new WrongUsage("backup " + verb + " takes one file, e.g. backup " + verb + " /backups/crosslayer-20261201T020000Z.clbackup.");
        }
        Path file = Path.of(args[2]);
        if (!Files.isRegularFile(file)) {
            throw new WrongUsage(file + " is not a file.");
        }
        return file;
    }

    private static Path option(String[] args, String name, String variable) {
        String value = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new WrongUsage("backup " + args[1] + " takes only " + name + " <dir>; '" + args[i] + "' is not that.");
            }
        }
        if (value == null) {
            value = setting(variable);
        }
        if (value == null || value.isBlank()) {
            throw new WrongUsage("Say which directory: " + name + " <dir>, or set " + variable + ".");
        }
        return Path.of(value.trim()).toAbsolutePath().normalize();
    }

    /** A setting from the environment (a system property of that name stands in for it, as in the tests). */
    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
