package ai.crosslayer.ops.web;

import ai.crosslayer.ops.tenancy.CrossTenantAccessRefused;
import ai.crosslayer.ops.tenancy.TenantGuardViolation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How a refused cross-tenant attempt looks from outside: exactly like a missing resource (404), so that
 * it tells nothing about what another tenant has. (It was logged, with both tenants, where refused.)
 * A guard violation is a bug of ours: a plain 500 that names nothing.
 */
@RestControllerAdvice
class TenantIsolationProblems {

    @ExceptionHandler(CrossTenantAccessRefused.class)
    ProblemDetail notFound(CrossTenantAccessRefused refused) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such resource.");
        problem.setTitle("Not Found");
        return problem;
    }

    @ExceptionHandler(TenantGuardViolation.class)
    ProblemDetail internalError(TenantGuardViolation violation) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed.");
        problem.setTitle("Internal Server Error");
        return problem;
    }
}
