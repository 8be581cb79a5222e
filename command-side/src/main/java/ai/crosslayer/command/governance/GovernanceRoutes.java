package ai.crosslayer.command.governance;

import ai.crosslayer.command.AuditContext.Source;
import ai.crosslayer.command.AuditContext;
import ai.crosslayer.command.Problem;
import ai.crosslayer.command.tenant.Admins;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.StalePolicyRevision;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code PUT /api/governance} (admins): the whole policy, with the {@code revision} it was read at. A stale
 * revision is 409 and changes nothing; each changed setting becomes an event naming the old and new value.
 */
@RestController
class GovernanceRoutes {

    /** The body: the policy as {@code GET /api/governance} shows it. */
    record PolicyChange(Integer revision, List<String> passiveCaptureChannels, String approvers,
                        List<String> approverUserIds, String signalChannel, String inboxMaxAge, Boolean watchGitHubDrift) {
    }

    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{2,32}");
    static final Duration MIN_INBOX_AGE = Duration.ofMinutes(1);
    static final Duration MAX_INBOX_AGE = Duration.ofDays(7);

    private final Admins admins;
    private final CommandGateway commands;
    private final Clock clock;

    GovernanceRoutes(Admins admins, CommandGateway commands, Clock clock) {
        this.admins = admins;
        this.commands = commands;
        this.clock = clock;
    }

    @PutMapping("/api/governance")
    Mono<Map<String, Integer>> change(@RequestBody Mono<PolicyChange> body, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> body
                .switchIfEmpty(Mono.error(() -> bad("The body is missing.")))
                .flatMap(change -> Mono.fromCallable(() -> {
                    GovernanceSettings settings = validated(change);
                    if (change.revision() == 0 && settings.equals(GovernanceSettings.DEFAULTS)) {
                        return Map.of("revision", 0); // the defaults, never changed: nothing to record
                    }
                    try {
                        Integer revision = TenantScope.call(admin.tenantId(), () -> commands.sendAndWait(
                                new ChangeGovernanceCommand(admin.tenantId(), settings, change.revision(), admin.userId(),
                                        clock.instant()), AuditContext.of(admin.tenantId(), admin.userId(), Source.DASHBOARD)));
                        return Map.of("revision", revision);
                    } catch (StalePolicyRevision e) {
                        throw conflict(e.getMessage());
                    } catch (ConcurrencyException e) {
                        throw conflict("Someone changed the policy at the same moment. Read it again (GET /api/governance).");
                    }
                }).subscribeOn(Schedulers.boundedElastic())));
    }

    static GovernanceSettings validated(PolicyChange change) {
        if (change.revision() == null || change.revision() < 0) {
            throw bad("Field 'revision' is required: the revision you read with GET /api/governance.");
        }
        Approvers approvers;
        try {
            approvers = change.approvers() == null ? Approvers.ADMINS_AND_LISTED : Approvers.valueOf(change.approvers());
        } catch (IllegalArgumentException e) {
            throw bad("'approvers' must be ANYONE, ADMINS_AND_LISTED or LISTED.");
        }
        for (List<String> ids : List.of(nullToEmpty(change.passiveCaptureChannels()), nullToEmpty(change.approverUserIds()))) {
            for (String id : ids) {
                if (id == null || !SLACK_ID.matcher(id).matches()) {
                    throw bad("'" + id + "' is not a Slack id (such as C0123ABCD or U0123ABCD).");
                }
            }
        }
        if (change.signalChannel() != null && !change.signalChannel().isEmpty() && !SLACK_ID.matcher(change.signalChannel()).matches()) {
            throw bad("'signalChannel' must be a Slack channel id such as C0123ABCD, or null.");
        }
        Duration maxAge;
        try {
            maxAge = change.inboxMaxAge() == null ? Duration.ofHours(24) : Duration.parse(change.inboxMaxAge());
        } catch (DateTimeParseException e) {
            throw bad("'inboxMaxAge' must be an ISO-8601 duration such as PT24H.");
        }
        if (maxAge.compareTo(MIN_INBOX_AGE) < 0 || maxAge.compareTo(MAX_INBOX_AGE) > 0) {
            throw bad("'inboxMaxAge' must be between PT1M and P7D.");
        }
        return new GovernanceSettings(change.passiveCaptureChannels(), approvers, change.approverUserIds(),
                change.signalChannel() == null || change.signalChannel().isEmpty() ? null : change.signalChannel(),
                maxAge, Boolean.TRUE.equals(change.watchGitHubDrift()));
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static Problem bad(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad policy", detail);
    }

    private static Problem conflict(String detail) {
        return new Problem(HttpStatus.CONFLICT, "Policy changed meanwhile", detail);
    }

}
