package ai.crosslayer.query.audit;

/** The file given to verify is not an export (or not one this version reads). */
public final class NotAnExport extends RuntimeException {
    public NotAnExport(String why) {
        super("not a " + AuditExportFormat.NAME + " file: " + why);
    }
}
