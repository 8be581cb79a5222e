package ai.crosslayer.ops.backup;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a backup holds, and how it goes into and out of PostgreSQL without {@code pg_dump} (so no binary and no
 * version has to match the server): every table of the service's schema, each streamed with
 * {@code COPY ... (FORMAT binary)} inside one {@code REPEATABLE READ READ ONLY} transaction (one consistent
 * snapshot: events with their chain columns, tenants' chain heads, checkpoints, the vault's sealed tokens,
 * inboxes and outboxes, sessions, read models with the processors' tokens that say how far they are, dead
 * letters, Flyway's history), then every sequence's value.
 *
 * <p>The plaintext is a series of records: {@code T} table (name, columns), {@code D} a block of its COPY data,
 * {@code E} its end (row count), {@code S} a sequence (name, value, is_called), {@code Z} the end (tables, rows).
 * Tables come in foreign-key order, so a restore loads them in that order with every constraint checked.
 *
 * <p>The shadow tables of a rebuild in progress (schema {@code crosslayer_rebuild}) and its progress rows are
 * left out: a rebuild interrupted by a restore starts again from its beginning.
 */
final class DatabaseBackup {

    static final String SCHEMA_HISTORY = "flyway_schema_history";
    private static final Set<String> LEFT_OUT = Set.of("projection_rebuild");
    private static final byte TABLE = 'T';
    private static final byte DATA = 'D';
    private static final byte TABLE_END = 'E';
    private static final byte SEQUENCE = 'S';
    private static final byte END = 'Z';

    private DatabaseBackup() {
    }

    /** Tables, rows and plaintext bytes moved, and how long it took. */
    record Summary(int tables, long rows, long bytes, double seconds) {
        double megabytesPerSecond() {
            return bytes / 1e6 / Math.max(seconds, 1e-3);
        }
    }

    /** The database is not fit to back up from or restore into; the message is a sentence. */
    static final class Refused extends RuntimeException {
        Refused(String sentence) {
            super(sentence, null, false, false);
        }
    }

    /**
     * Opens the snapshot on {@code owner} (the migrating owner: it may read every row) and answers the schema
     * version it holds. Row-level security is switched off for the transaction: a role that it would filter
     * fails loudly instead of writing a backup that silently lacks rows.
     */
    static String beginSnapshot(Connection owner) throws SQLException {
        owner.setAutoCommit(false);
        owner.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        owner.setReadOnly(true);
        try (Statement sql = owner.createStatement()) {
            sql.execute("SET LOCAL row_security = off");
        }
        String version = schemaVersion(owner);
        if (version == null) {
            throw new Refused("the database has no CrossLayer schema (no Flyway history): there is nothing to back up");
        }
        return version;
    }

    /** Streams the snapshot begun by {@link #beginSnapshot} into {@code plaintext}; ends the transaction. */
    static Summary write(Connection owner, OutputStream plaintext, Progress progress) throws SQLException, IOException {
        try {
            DataOutputStream out = new DataOutputStream(plaintext);
            CopyManager copy = owner.unwrap(PGConnection.class).getCopyAPI();
            List<String> tables = tablesInLoadOrder(owner);
            tables.removeAll(LEFT_OUT);
            long rows = 0;
            for (String table : tables) {
                List<String> columns = columns(owner, table);
                out.writeByte(TABLE);
                out.writeUTF(table);
                out.writeInt(columns.size());
                for (String column : columns) {
                    out.writeUTF(column);
                }
                progress.table(table);
                Framed framed = new Framed(out, progress);
                long copied;
                try {
                    copied = copy.copyOut("COPY " + quote(table) + " (" + quoted(columns) + ") TO STDOUT (FORMAT binary)",
                            framed);
                } catch (SQLException e) {
                    if ("42501".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("row-level security")) {
                        throw new Refused("the database user may not read past row-level security: back up as the "
                                + "owner with BYPASSRLS (ALTER ROLE <owner> BYPASSRLS) or as a superuser");
                    }
                    throw e;
                }
                framed.flush();
                out.writeByte(TABLE_END);
                out.writeLong(copied);
                rows += copied;
                progress.rows(copied);
            }
            for (Map.Entry<String, long[]> sequence : sequences(owner).entrySet()) {
                out.writeByte(SEQUENCE);
                out.writeUTF(sequence.getKey());
                out.writeLong(sequence.getValue()[0]);
                out.writeBoolean(sequence.getValue()[1] != 0);
            }
            out.writeByte(END);
            out.writeInt(tables.size());
            out.writeLong(rows);
            out.flush();
            return progress.summary(tables.size(), rows);
        } finally {
            owner.rollback();
        }
    }

    /**
     * Reads a backup's plaintext to its end and checks its structure and counts, touching no database: what
     * {@code backup verify} does after the decryption has authenticated every byte.
     */
    static Summary check(InputStream plaintext, Progress progress) throws IOException {
        return read(plaintext, null, progress);
    }

    /**
     * Loads a backup's plaintext into {@code owner}'s database, migrated to the backup's schema version and empty,
     * in one transaction: a failure anywhere (a damaged file, a refused row) leaves the database as it was.
     * Each table's user triggers are off while it loads — the event store's chain triggers would otherwise
     * number and hash the events again (and its append-only rule exists for changes, not for a restore): the
     * restored chain is the one that was signed, byte for byte, and verifies as it did. Forced row-level
     * security is lifted for the transaction so that an owner that is not a superuser may load every tenant.
     */
    static Summary restore(Connection owner, InputStream plaintext, Progress progress) throws SQLException, IOException {
        owner.setAutoCommit(false);
        try {
            List<String> forced = new ArrayList<>();
            try (Statement sql = owner.createStatement();
                 ResultSet tables = sql.executeQuery("SELECT relname, relforcerowsecurity FROM pg_class WHERE relkind = 'r' "
                         + "AND relnamespace = current_schema()::regnamespace AND relname <> '" + SCHEMA_HISTORY + "' ORDER BY relname")) {
                List<String> all = new ArrayList<>();
                while (tables.next()) {
                    all.add(tables.getString(1));
                    if (tables.getBoolean(2)) {
                        forced.add(tables.getString(1));
                    }
                }
                for (String table : forced) {
                    sql.execute("ALTER TABLE " + quote(table) + " NO FORCE ROW LEVEL SECURITY");
                }
                sql.execute("SET LOCAL row_security = off");
                // Deferred keys (tenant_sign_in_key's) checked as each table loads: an ALTER TABLE below must
                // find no check still pending, and a broken reference is named at its table.
                sql.execute("SET CONSTRAINTS ALL IMMEDIATE");
                for (String table : all) {
                    try (Statement check = owner.createStatement();
                         ResultSet any = check.executeQuery("SELECT EXISTS (SELECT FROM " + quote(table) + ")")) {
                        any.next();
                        if (any.getBoolean(1)) {
                            throw new Refused("the database is not empty (table " + table + " has rows): restore into "
                                    + "an empty database, or a fresh CROSSLAYER_DATA_DIR");
                        }
                    }
                }
            }
            Summary summary = read(plaintext, new Target(owner), progress);
            try (Statement sql = owner.createStatement()) {
                for (String table : forced) {
                    sql.execute("ALTER TABLE " + quote(table) + " FORCE ROW LEVEL SECURITY");
                }
            }
            owner.commit();
            return summary;
        } finally {
            if (!owner.getAutoCommit()) {
                owner.rollback();
            }
        }
    }

    /** The latest schema version Flyway applied here, or null when the database has no Flyway history. */
    static String schemaVersion(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet exists = sql.executeQuery("SELECT to_regclass('" + SCHEMA_HISTORY + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return null;
            }
        }
        try (Statement sql = connection.createStatement();
             ResultSet latest = sql.executeQuery("SELECT version FROM " + SCHEMA_HISTORY
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return latest.next() ? latest.getString(1) : null;
        }
    }

    /** How many tables the service's schema holds (0: a database nobody has migrated yet). */
    static int tableCount(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet count = sql.executeQuery("SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p') "
                     + "AND relnamespace = current_schema()::regnamespace")) {
            count.next();
            return count.getInt(1);
        }
    }

    private static Summary read(InputStream plaintext, Target target, Progress progress) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(plaintext, BackupFile.CHUNK));
        int tables = 0;
        long rows = 0;
        try {
            while (true) {
                byte record = in.readByte();
                if (record == END) {
                    int expectedTables = in.readInt();
                    long expectedRows = in.readLong();
                    if (expectedTables != tables || expectedRows != rows) {
                        throw new BackupFile.Unreadable("is inconsistent: it says " + expectedTables + " tables and "
                                + expectedRows + " rows, but holds " + tables + " and " + rows);
                    }
                    if (in.read() != -1) {
                        throw new BackupFile.Unreadable("is inconsistent: it goes on after its end");
                    }
                    return progress.summary(tables, rows);
                }
                if (record == SEQUENCE) {
                    String name = in.readUTF();
                    long value = in.readLong();
                    boolean called = in.readBoolean();
                    if (target != null) {
                        target.sequence(name, value, called);
                    }
                    continue;
                }
                if (record != TABLE) {
                    throw new BackupFile.Unreadable("is inconsistent: an unknown record where a table should start");
                }
                String table = in.readUTF();
                int count = in.readInt();
                List<String> columns = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    columns.add(in.readUTF());
                }
                progress.table(table);
                CopyIn copy = target == null ? null : target.begin(table, columns);
                byte[] block = new byte[BackupFile.CHUNK];
                while (true) {
                    byte next = in.readByte();
                    if (next == TABLE_END) {
                        break;
                    }
                    if (next != DATA) {
                        throw new BackupFile.Unreadable("is inconsistent: an unknown record inside table " + table);
                    }
                    int length = in.readInt();
                    if (length < 0 || length > block.length) {
                        throw new BackupFile.Unreadable("is inconsistent: a block of table " + table + " has an impossible length");
                    }
                    in.readFully(block, 0, length);
                    if (copy != null) {
                        copy.writeToCopy(block, 0, length);
                    }
                    progress.bytes(length);
                }
                long tableRows = in.readLong();
                if (copy != null) {
                    long loaded = copy.endCopy();
                    if (loaded != tableRows) {
                        throw new BackupFile.Unreadable("is inconsistent: table " + table + " should have " + tableRows
                                + " rows, but " + loaded + " loaded");
                    }
                    target.end(table);
                }
                tables++;
                rows += tableRows;
                progress.rows(tableRows);
            }
        } catch (EOFException e) {
            throw new BackupFile.Unreadable("is inconsistent: it ends before its last record");
        } catch (SQLException e) {
            throw new Refused("the database refused the restore: " + e.getMessage());
        }
    }

    /** Where a restore writes: one table at a time, its user triggers off while it loads. */
    private static final class Target {
        private final Connection owner;
        private final CopyManager copy;
        private final Map<String, List<String>> disabled = new HashMap<>();

        Target(Connection owner) throws SQLException {
            this.owner = owner;
            this.copy = owner.unwrap(PGConnection.class).getCopyAPI();
        }

        CopyIn begin(String table, List<String> columns) throws SQLException {
            if (table.equals(SCHEMA_HISTORY)) {
                return null; // Flyway wrote its own history while migrating to the backup's version.
            }
            List<String> triggers = new ArrayList<>();
            try (PreparedStatement query = owner.prepareStatement("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                    + "AND tgenabled <> 'D' AND tgrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass")) {
                query.setString(1, table);
                try (ResultSet found = query.executeQuery()) {
                    while (found.next()) {
                        triggers.add(found.getString(1));
                    }
                }
            }
            try (Statement sql = owner.createStatement()) {
                for (String trigger : triggers) {
                    sql.execute("ALTER TABLE " + quote(table) + " DISABLE TRIGGER " + quote(trigger));
                }
            }
            disabled.put(table, triggers);
            return copy.copyIn("COPY " + quote(table) + " (" + quoted(columns) + ") FROM STDIN (FORMAT binary)");
        }

        void end(String table) throws SQLException {
            try (Statement sql = owner.createStatement()) {
                for (String trigger : disabled.getOrDefault(table, List.of())) {
                    sql.execute("ALTER TABLE " + quote(table) + " ENABLE TRIGGER " + quote(trigger));
                }
            }
        }

        void sequence(String name, long value, boolean called) throws IOException {
            try (PreparedStatement setval = owner.prepareStatement(
                    "SELECT setval((quote_ident(current_schema()) || '.' || quote_ident(?))::regclass, ?, ?)")) {
                setval.setString(1, name);
                setval.setLong(2, value);
                setval.setBoolean(3, called);
                setval.execute();
            } catch (SQLException e) {
                throw new Refused("the database refused the restore of sequence " + name + ": " + e.getMessage());
            }
        }
    }

    /** The schema's tables, each after every table it references (ties by name), so that a load meets no missing key. */
    private static List<String> tablesInLoadOrder(Connection owner) throws SQLException {
        Map<String, Set<String>> references = new TreeMap<>();
        try (Statement sql = owner.createStatement();
             ResultSet tables = sql.executeQuery("SELECT relname FROM pg_class WHERE relkind = 'r' "
                     + "AND relnamespace = current_schema()::regnamespace")) {
            while (tables.next()) {
                references.put(tables.getString(1), new TreeSet<>());
            }
        }
        try (Statement sql = owner.createStatement();
             ResultSet keys = sql.executeQuery("SELECT c.relname, r.relname FROM pg_constraint k "
                     + "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
                     + "WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace "
                     + "AND r.relnamespace = current_schema()::regnamespace")) {
            while (keys.next()) {
                if (!keys.getString(1).equals(keys.getString(2))) {
                    references.get(keys.getString(1)).add(keys.getString(2));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (ordered.size() < references.size()) {
            String next = references.entrySet().stream()
                    .filter(table -> !placed.contains(table.getKey()) && placed.containsAll(table.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new Refused("the schema's foreign keys form a cycle: no table can be loaded first"));
            ordered.add(next);
            placed.add(next);
        }
        return ordered;
    }

    private static List<String> columns(Connection owner, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = owner.prepareStatement("SELECT attname FROM pg_attribute "
                + "WHERE attrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass "
                + "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
            query.setString(1, table);
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    columns.add(found.getString(1));
                }
            }
        }
        return columns;
    }

    private static Map<String, long[]> sequences(Connection owner) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement sql = owner.createStatement();
             ResultSet found = sql.executeQuery("SELECT relname FROM pg_class WHERE relkind = 'S' "
                     + "AND relnamespace = current_schema()::regnamespace ORDER BY relname")) {
            while (found.next()) {
                names.add(found.getString(1));
            }
        }
        Map<String, long[]> values = new LinkedHashMap<>();
        for (String name : names) {
            try (Statement sql = owner.createStatement();
                 ResultSet value = sql.executeQuery("SELECT last_value, is_called FROM " + quote(name))) {
                value.next();
                values.put(name, new long[]{value.getLong(1), value.getBoolean(2) ? 1 : 0});
            }
        }
        return values;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String quoted(List<String> columns) {
        return String.join(", ", columns.stream().map(DatabaseBackup::quote).toList());
    }

    /** COPY's output cut into {@code D} records of at most one message's size. */
    private static final class Framed extends BackupFile.Blocks {
        private final DataOutputStream out;
        private final Progress progress;

        Framed(DataOutputStream out, Progress progress) {
            super(BackupFile.CHUNK);
            this.out = out;
            this.progress = progress;
        }

        @Override
        void emit() throws IOException {
            out.writeByte(DATA);
            out.writeInt(filled);
            out.write(buffer, 0, filled);
            progress.bytes(filled);
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            if (filled > 0) {
                emit();
            }
        }
    }
}
