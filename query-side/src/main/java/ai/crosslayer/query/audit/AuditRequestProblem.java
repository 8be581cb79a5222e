package ai.crosslayer.query.audit;

import ai.crosslayer.query.Instants;
import ai.crosslayer.query.Problem;
import org.springframework.http.HttpStatus;

import java.time.Instant;

/** A bad request to the audit log, answered as RFC 9457 problem details that say what to send instead. */
public class AuditRequestProblem extends Problem {

    public AuditRequestProblem(String detail) {
        super(HttpStatus.BAD_REQUEST, "Bad audit log request", detail);
    }

    /** Parses an ISO-8601 instant parameter within {@link Instants}' range; {@code null} stays {@code null}. */
    public static Instant instant(String name, String value) {
        try {
            return Instants.parse(name, value);
        } catch (Instants.Refused e) {
            throw new AuditRequestProblem(e.getMessage());
        }
    }
}
