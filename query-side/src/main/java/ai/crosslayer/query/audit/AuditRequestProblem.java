package ai.crosslayer.query.audit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import ai.crosslayer.query.Instants;

import java.time.Instant;

/** A bad request to the audit log, answered as RFC 9457 problem details that say what to send instead. */
public class AuditRequestProblem extends ErrorResponseException {

    public AuditRequestProblem(String detail) {
        super(HttpStatus.BAD_REQUEST, problem(detail), null);
    }

    /** Parses an ISO-8601 instant parameter within {@link Instants}' range; {@code null} stays {@code null}. */
    public static Instant instant(String name, String value) {
        try {
            return Instants.parse(name, value);
        } catch (Instants.Refused e) {
            throw new AuditRequestProblem(e.getMessage());
        }
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad audit log request");
        return problem;
    }
}
