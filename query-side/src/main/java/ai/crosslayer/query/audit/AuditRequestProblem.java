package ai.crosslayer.query.audit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A bad request to the audit log, answered as RFC 9457 problem details that say what to send instead. */
public class AuditRequestProblem extends ErrorResponseException {

    public AuditRequestProblem(String detail) {
        super(HttpStatus.BAD_REQUEST, problem(detail), null);
    }

    /** Parses an ISO-8601 instant parameter; {@code null} stays {@code null}. */
    public static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AuditRequestProblem("'" + name + "' must be an ISO-8601 instant such as 2026-11-29T08:00:00Z.");
        }
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad audit log request");
        return problem;
    }
}
