package ai.crosslayer.command.web;

import ai.crosslayer.command.provider.workos.WorkOsAuthKit;
import ai.crosslayer.command.provider.workos.WorkOsRefusedSignIn;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.command.support.SignInSettings;
import ai.crosslayer.command.tenant.app.MemberSessions;
import ai.crosslayer.command.tenant.app.SessionCookies;
import ai.crosslayer.command.tenant.app.TenantPlacement;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /auth/*}: WorkOS AuthKit sign-in, the local profile's dev sign-in, sign-out and sign-out
 * everywhere. Every path that signs someone in goes through {@link TenantPlacement}, then starts a
 * session ({@link MemberSessions}) and hands out its cookie. (Cross-site forms cannot reach these
 * POSTs: the web layer refuses an unsafe request from another origin.)
 */
@RestController
class SignInRoutes {

    private static final Logger log = LoggerFactory.getLogger(SignInRoutes.class);
    private static final Duration STATE_TTL = Duration.ofMinutes(10);
    /** Where a signed-in browser lands: who am I. */
    private static final URI SIGNED_IN = URI.create("/api/me");

    private final WorkOsAuthKit workos;
    private final TenantPlacement placement;
    private final SessionCookies cookies;
    private final MemberSessions sessions;
    private final QueryGateway queries;
    private final SignInSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final String stateCookie;

    SignInRoutes(WorkOsAuthKit workos, TenantPlacement placement, SessionCookies cookies, MemberSessions sessions,
                 QueryGateway queries, SignInSettings settings) {
        this.workos = workos;
        this.placement = placement;
        this.cookies = cookies;
        this.sessions = sessions;
        this.queries = queries;
        this.settings = settings;
        this.stateCookie = settings.localProfile() ? "crosslayer_signin_state" : "__Host-crosslayer_signin_state";
    }

    @GetMapping("/auth/login")
    ResponseEntity<Void> login() {
        if (!workos.configured()) {
            throw new SignInRefused(HttpStatus.SERVICE_UNAVAILABLE,
                    "WorkOS sign-in is not configured: set CROSSLAYER_WORKOS_API_KEY and CROSSLAYER_WORKOS_CLIENT_ID.");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(workos.authorizeUrl(state))
                .header(HttpHeaders.SET_COOKIE, stateCookie(state, STATE_TTL).toString())
                .build();
    }

    @GetMapping("/auth/callback")
    Mono<ResponseEntity<Void>> callback(@RequestParam(required = false) String code,
                                        @RequestParam(required = false) String state,
                                        @RequestParam(required = false) String error,
                                        ServerWebExchange exchange) {
        HttpCookie expected = exchange.getRequest().getCookies().getFirst(stateCookie);
        if (state == null || expected == null || !constantTimeEquals(expected.getValue(), state)) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST,
                    "The sign-in state is missing or does not match this browser. Start again at /auth/login."));
        }
        if (error != null) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST,
                    "The identity provider ended the sign-in (" + error + "). Start again at /auth/login."));
        }
        if (code == null || code.isBlank()) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST,
                    "The sign-in callback carries no code. Start again at /auth/login."));
        }
        return workos.authenticate(code)
                .onErrorMap(WorkOsRefusedSignIn.class, e -> new SignInRefused(
                        e.blame() == WorkOsRefusedSignIn.Blame.SIGN_IN ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY,
                        e.getMessage()))
                .flatMap(this::signIn)
                .map(cookie -> signedIn(cookie).header(HttpHeaders.SET_COOKIE,
                        stateCookie("", Duration.ZERO).toString()).build());
    }

    @PostMapping("/auth/dev-login")
    Mono<ResponseEntity<Void>> devLogin(ServerWebExchange exchange) {
        if (!settings.localProfile()) {
            return Mono.error(new SignInRefused(HttpStatus.FORBIDDEN,
                    "Dev sign-in exists only in the local profile (SPRING_PROFILES_ACTIVE=local). Sign in at /auth/login."));
        }
        return exchange.getFormData().flatMap(form -> {
            String email = Optional.ofNullable(form.getFirst("email")).map(String::trim).orElse("");
            if (!VerifiedIdentity.isWellFormedEmail(email)) {
                return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST,
                        "Form field 'email' must be an email address, such as ada@example.com."));
            }
            // Locally there is no provider: the email is the identity, and counts as verified. Its user id is
            // opaque (issue 18.6), so that ids can stay in the chain after the person is erased.
            VerifiedIdentity who = new VerifiedIdentity(localUserId(settings.sessionKey(), email), email, true, null,
                    SignInMethod.LOCAL_DEV);
            return signIn(who).map(cookie -> signedIn(cookie).build());
        });
    }

    /**
     * The local profile's user id of {@code email}: {@code local_} and the first 16 bytes, in hex, of an
     * HMAC-SHA256 of the lowercased address under a key derived from the session key. The same address signs
     * in as the same member while the session key stays; the id says nothing about the address.
     */
    static String localUserId(String sessionKey, String email) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "HmacSHA256"));
            byte[] key = derive.doFinal("crosslayer local user id v1".getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] id = mac.doFinal(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "local_" + HexFormat.of().formatHex(id, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** Ends this browser's session (its cookie stops working everywhere at once) and clears the cookie. */
    @PostMapping("/auth/logout")
    Mono<ResponseEntity<Void>> logout(ServerWebExchange exchange) {
        Optional<SessionCookies.Claim> claim = cookies.verify(exchange.getRequest().getCookies().getFirst(cookies.name()));
        return Mono.fromRunnable(() -> claim.ifPresent(sessions::end))
                .subscribeOn(Schedulers.boundedElastic())
                .then(Mono.fromSupplier(this::signedOut));
    }

    /** Ends every session of the signed-in member, on every device, and clears this browser's cookie. */
    @PostMapping("/auth/logout-everywhere")
    Mono<ResponseEntity<Void>> logoutEverywhere(ServerWebExchange exchange) {
        return sessions.signedIn(exchange.getRequest().getCookies().getFirst(cookies.name()))
                .flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.UNAUTHORIZED, "Not signed in",
                        "This browser has no session to sign out of. Sign in first: GET /auth/login.")))
                .flatMap(claim -> Mono.fromCallable(() -> sessions.endAllOf(claim.tenantId(), claim.userId()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .doOnNext(ended -> log.info("signed out everywhere: {} session(s) ended", ended))
                .then(Mono.fromSupplier(this::signedOut));
    }

    private ResponseEntity<Void> signedOut() {
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookies.clear().toString()).build();
    }

    private Mono<ResponseCookie> signIn(VerifiedIdentity who) {
        return Mono.fromCallable(() -> placement.signIn(who))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(tenant -> untilTheDirectoryKnows(tenant, who.userId())
                        .then(Mono.fromCallable(() -> sessions.start(tenant, who.userId()))
                                .subscribeOn(Schedulers.boundedElastic())));
    }

    /**
     * The tenant directory is a tracking projection and trails the events by a moment; waiting for it
     * here means the page a member lands on already knows them.
     */
    private Mono<Void> untilTheDirectoryKnows(TenantId tenant, String userId) {
        // The query bus answers on the calling thread, with JDBC: each try (the repeats come from a timer on a
        // parallel thread) runs on boundedElastic, never on a thread that must not block (issue 11.7).
        return Mono.fromFuture(() -> TenantScope.call(tenant, () -> queries.query(
                        new FindMemberQuery(tenant, userId), ResponseTypes.optionalInstanceOf(MemberView.class))))
                .subscribeOn(Schedulers.boundedElastic())
                .filter(Optional::isPresent)
                .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(50)).take(100))
                .switchIfEmpty(Mono.fromRunnable(() ->
                        log.warn("tenant directory did not show a new sign-in of tenant {} within 5 s", tenant)))
                .then();
    }

    private static ResponseEntity.BodyBuilder signedIn(ResponseCookie session) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(SIGNED_IN)
                .header(HttpHeaders.SET_COOKIE, session.toString());
    }

    private ResponseCookie stateCookie(String value, Duration ttl) {
        return ResponseCookie.from(stateCookie, value).httpOnly(true).secure(!settings.localProfile())
                .sameSite("Lax").path("/").maxAge(ttl).build();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
