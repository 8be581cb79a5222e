package ai.crosslayer.command.integration;

import ai.crosslayer.command.tenant.signin.SessionCookies;
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

/**
 * What the Slack and GitHub install routes share: starting an OAuth install with a state bound to the
 * admin's session, checking that state on the way back, and landing the admin on the new integration
 * once the dashboard's read model shows it.
 */
@Component
public class Connections {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final OAuthStates states;
    private final SessionCookies sessions;
    private final QueryGateway queries;

    Connections(OAuthStates states, SessionCookies sessions, QueryGateway queries) {
        this.states = states;
        this.sessions = sessions;
        this.queries = queries;
    }

    /** A fresh state for this admin's install of {@code provider}, bound to their session. */
    public Mono<String> newState(Provider provider, SignedInMember admin, ServerWebExchange exchange) {
        String session = session(exchange);
        return Mono.fromCallable(() -> states.issue(provider, admin, session)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Refuses the callback unless its state was issued to this very session and not used before. */
    public Mono<Void> checkState(Provider provider, SignedInMember admin, ServerWebExchange exchange, String state) {
        String session = session(exchange);
        String install = provider == Provider.SLACK ? "/slack/install" : "/github/install";
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
    public Mono<ResponseEntity<Void>> landOn(SignedInMember admin, IntegrationId integration, String fingerprint) {
        return Mono.fromFuture(() -> TenantScope.call(admin.tenantId(), () -> queries.query(
                        new FindIntegrationQuery(admin.tenantId(), integration),
                        ResponseTypes.optionalInstanceOf(IntegrationView.class))))
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
