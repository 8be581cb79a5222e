package ai.crosslayer.ops.backup;

import java.util.function.Consumer;

/**
 * Progress lines of a long backup, verify or restore, every few seconds (as {@code rebuild} prints them): which
 * table, how many tables and rows are done, how many bytes so far and at what rate.
 */
final class Progress {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final String verb;
    private final Consumer<String> lines;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private String table = "";
    private int tablesDone;
    private long rows;
    private long bytes;

    Progress(String verb, Consumer<String> lines) {
        this.verb = verb;
        this.lines = lines;
    }

    void table(String name) {
        table = name;
        maybeSay();
    }

    void bytes(long count) {
        bytes += count;
        maybeSay();
    }

    void rows(long count) {
        rows += count;
        tablesDone++;
    }

    DatabaseBackup.Summary summary(int tables, long totalRows) {
        return new DatabaseBackup.Summary(tables, totalRows, bytes, (System.nanoTime() - started) / 1e9);
    }

    private void maybeSay() {
        long now = System.nanoTime();
        if (now - lastLine < EVERY_NANOS) {
            return;
        }
        lastLine = now;
        double seconds = (now - started) / 1e9;
        lines.accept(String.format("%s: %d tables and %,d rows done, now %s; %,.1f MB in %.0f s (%,.1f MB/s)", verb,
                tablesDone, rows, table, bytes / 1e6, seconds, bytes / 1e6 / Math.max(seconds, 1e-3)));
    }
}
