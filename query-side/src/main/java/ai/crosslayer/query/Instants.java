package ai.crosslayer.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Instants a caller sends ({@code since}, {@code until}, {@code asOf}), parsed and bounded to what the database can
 * compare: ISO-8601 admits years up to ±999,999,999, PostgreSQL's timestamps do not, and such an instant used to
 * answer 500. Issue 12, item 3.
 */
public final class Instants {

    /** The earliest instant a caller may name. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant a caller may name. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Why an instant parameter is refused; the message is a problem's detail. */
    public static final class Refused extends IllegalArgumentException {
        Refused(String detail) {
            super(detail);
        }
    }

    private Instants() {
    }

    /** {@code value} as an instant, {@code null} staying {@code null}; else {@link Refused} naming {@code name}. */
    public static Instant parse(String name, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Refused("'" + name + "' must be an ISO-8601 instant such as 2026-11-29T08:00:00Z.");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new Refused("'" + name + "' must be between " + EARLIEST + " and " + LATEST + ".");
        }
        return instant;
    }
}
