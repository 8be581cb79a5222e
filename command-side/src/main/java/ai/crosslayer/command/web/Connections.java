package ai.crosslayer.command.web;

import ai.crosslayer.command.integration.store.OAuthStates;
import ai.crosslayer.command.tenant.app.SessionCookies;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.FindIntegrationQuery;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The OAuth install flow the Slack and GitHub routes share: a signed-in admin is sent to the provider
 * with a state bound to their session; the callback is refused unless that state comes back in the same
 * session, unused; the provider's code is then exchanged (by the route's {@link Exchange}, outside any
 * transaction) and the admin lands on the new integration once the dashboard's read model shows it.
 */
@Component
public class Connections {

    /** What an install connected: the integration, and the fingerprint of its new token. */
    public record Connected(IntegrationId integration, String fingerprint) {
    }

    /** Exchanges the provider's code and records the connection; blocking. */
    @FunctionalInterface
    public interface Exchange {
        Connected connect(SignedInMember admin, String code);
    }

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final Admins admins;
    private final OAuthStates states;
    private final SessionCookies sessions;
    private final QueryGateway queries;

    Connections(Admins admins, OAuthStates states, SessionCookies sessions, QueryGateway queries) {
        this.admins = admins;
        this.states = states;
        this.sessions = sessions;
        this.queries = queries;
    }

    /** {@code GET /<provider>/install}: 302 to the provider's authorize URL for a fresh state. */
    public Mono<ResponseEntity<Void>> start(Provider provider, ServerWebExchange exchange, Function<String, URI> authorizeUrl) {
        return admins.require(exchange).flatMap(admin -> {
            String session = session(exchange);
            return Mono.fromCallable(() -> states.issue(provider, admin, session)).subscribeOn(Schedulers.boundedElastic());
        }).map(state -> ResponseEntity.status(HttpStatus.FOUND).location(authorizeUrl.apply(state)).<Void>build());
    }

    /** {@code GET /<provider>/oauth/callback}: the state checked first, then the code exchanged. */
    public Mono<ResponseEntity<Void>> finish(Provider provider, ServerWebExchange exchange, String code, String state,
                                             String error, Exchange exchangeCode) {
        String name = provider == Provider.SLACK ? "Slack" : "GitHub";
        String install = provider == Provider.SLACK ? "/slack/install" : "/github/install";
        return admins.require(exchange).flatMap(admin -> checkState(provider, admin, exchange, state, install)
                .then(Mono.defer(() -> {
                    if (error != null) {
                        return Mono.error(new IntegrationProblem(HttpStatus.BAD_REQUEST, "Install ended",
                                name + " ended the install (" + error + "). Start again at " + install + "."));
                    }
                    if (code == null || code.isBlank()) {
                        return Mono.error(new IntegrationProblem(HttpStatus.BAD_REQUEST, "Install ended",
                                "The callback carries no code. Start again at " + install + "."));
                    }
                    return Mono.fromCallable(() -> exchangeCode.connect(admin, code)).subscribeOn(Schedulers.boundedElastic());
                }))
                .flatMap(connected -> landOn(admin, connected.integration(), connected.fingerprint())));
    }

    /** Refuses the callback unless its state was issued to this very session and not used before. */
    private Mono<Void> checkState(Provider provider, SignedInMember admin, ServerWebExchange exchange, String state,
                                  String install) {
        String session = session(exchange);
        return Mono.fromCallable(() -> states.consume(provider, admin, session, state))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(valid -> valid ? Mono.<Void>empty() : Mono.error(new IntegrationProblem(HttpStatus.BAD_REQUEST,
                        "Install link not valid", "This install link was already used, has expired, or was started "
                        + "in another session. Start again at " + install + ".")));
    }

    /**
     * Where the admin lands after connecting: the integration's own page, once the read model shows this
     * connection (it trails the events by a moment; waiting up to 5 s here spares the admin a stale page).
     */
    private Mono<ResponseEntity<Void>> landOn(SignedInMember admin, IntegrationId integration, String fingerprint) {
        return Mono.fromFuture(() -> TenantScope.call(admin.tenantId(), () -> queries.query(
                        new FindIntegrationQuery(admin.tenantId(), integration),
                        ResponseTypes.optionalInstanceOf(IntegrationView.class))))
                // Each try (repeats come from a timer on a parallel thread) queries with JDBC on boundedElastic.
                .subscribeOn(Schedulers.boundedElastic())
                .map(view -> view.filter(v -> fingerprint.equals(v.tokenFingerprint())))
                .filter(Optional::isPresent)
                .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(50)).take(100))
                .switchIfEmpty(Mono.fromRunnable(() -> log.warn(
                        "the integration catalog did not show integration {} within 5 s", integration)))
                .then(Mono.just(ResponseEntity.status(HttpStatus.SEE_OTHER)
                        .location(URI.create("/api/integrations/" + integration)).build()));
    }

    private String session(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(sessions.name());
        return cookie == null ? null : cookie.getValue();
    }
}
