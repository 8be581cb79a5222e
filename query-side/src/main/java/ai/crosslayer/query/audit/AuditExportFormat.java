package ai.crosslayer.query.audit;

import java.util.Locale;

/**
 * The self-serve export, {@code crosslayer-audit-export/2}: a header, the tenant's signed checkpoints,
 * then every event with its chain and stored bytes — as NDJSON (one JSON object per line) or CSV (one
 * row per record, a {@code record} column telling which). {@link AuditExportWriter} writes it,
 * {@link AuditExportReader} reads it back to verify it, {@link AuditCsv} is its CSV encoding.
 */
public enum AuditExportFormat {
    NDJSON, CSV;

    public static final String NAME = "crosslayer-audit-export/2";
    /** Files of the first version verify too: their records are a subset of this one's. */
    static final String V1 = "crosslayer-audit-export/1";

    /** The format named by a user; a clear message names the ones that exist. */
    public static AuditExportFormat named(String name) {
        for (AuditExportFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + name + "': use ndjson or csv");
    }

    public String mediaType() {
        return this == NDJSON ? "application/x-ndjson" : "text/csv";
    }

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
