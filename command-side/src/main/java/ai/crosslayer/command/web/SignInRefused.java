package ai.crosslayer.command.web;

import ai.crosslayer.command.support.Problem;
import org.springframework.http.HttpStatus;

/** A sign-in that cannot go on: problem details titled "Sign-in refused", and nothing is recorded. */
class SignInRefused extends Problem {

    SignInRefused(HttpStatus status, String detail) {
        super(status, "Sign-in refused", detail);
    }
}
