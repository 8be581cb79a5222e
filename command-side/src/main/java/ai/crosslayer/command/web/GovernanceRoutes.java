package ai.crosslayer.command.web;

import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.StalePolicyRevision;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code PUT /api/governance} (admins): the whole policy in the shape {@code GET /api/governance} answers
 * ({@code {"revision": n, "settings": {...}, "changedBy", "changedAt"}}), so that GET → edit → PUT round-trips.
 * Every setting must be there; {@code changedBy} and {@code changedAt} may be sent back and are ignored (the
 * server records who and when). Anything else is 400: unknown fields, another shape, and any value of the wrong
 * JSON type (no coercion: {@code "2"} or {@code 2.5} is not a revision, {@code 1} is not {@code true}). A revision
 * other than the current one is 409 and changes nothing; each changed setting becomes an event naming the old
 * and new value.
 */
@RestController
class GovernanceRoutes {

    private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{2," + Bounds.SLACK_ID + "}");
    private static final Set<String> TOP = Set.of("revision", "settings", "changedBy", "changedAt");

    private final Admins admins;
    private final CommandGateway commands;
    private final Clock clock;

    GovernanceRoutes(Admins admins, CommandGateway commands, Clock clock) {
        this.admins = admins;
        this.commands = commands;
        this.clock = clock;
    }

    /** A policy change as the body asks for it, checked. */
    record PolicyChange(int revision, GovernanceSettings settings) {
    }

    @PutMapping("/api/governance")
    Mono<Map<String, Integer>> change(@RequestBody Mono<JsonNode> body, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> body
                .switchIfEmpty(Mono.error(() -> bad("The body is missing.")))
                .flatMap(json -> Mono.fromCallable(() -> {
                    PolicyChange change = validated(json);
                    try {
                        // Always through the aggregate, also when nothing changes: only it knows the current
                        // revision, and a stale one is 409 whatever the body holds.
                        Integer revision = TenantScope.call(admin.tenantId(), () -> commands.sendAndWait(
                                new ChangeGovernanceCommand(admin.tenantId(), change.settings(), change.revision(),
                                        admin.userId(), clock.instant()),
                                AuditContext.of(admin.tenantId(), admin.userId(), Source.DASHBOARD)));
                        return Map.of("revision", revision);
                    } catch (StalePolicyRevision e) {
                        throw conflict(e.getMessage());
                    } catch (ConcurrencyException e) {
                        throw conflict("Someone changed the policy at the same moment. Read it again (GET /api/governance).");
                    }
                }).subscribeOn(Schedulers.boundedElastic())));
    }

    static PolicyChange validated(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("The body must be a JSON object: the policy as GET /api/governance answers it.");
        }
        unknownFields(body, TOP, "");
        JsonNode revision = body.get("revision");
        if (revision == null || !revision.isIntegralNumber() || !revision.canConvertToInt() || revision.intValue() < 0) {
            throw bad("Field 'revision' is required: the revision (a whole number) you read with GET /api/governance.");
        }
        for (String readOnly : List.of("changedBy", "changedAt")) {
            JsonNode value = body.get(readOnly);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw bad("'" + readOnly + "' is a string or null (it is ignored: the server records who and when).");
            }
        }
        JsonNode settings = body.get("settings");
        if (settings == null || !settings.isObject()) {
            throw bad("Field 'settings' is required: an object with every setting, as GET /api/governance answers it.");
        }
        unknownFields(settings, Set.copyOf(GovernanceSettings.NAMES), "settings.");
        for (String name : GovernanceSettings.NAMES) {
            if (!settings.has(name)) {
                throw bad("'settings." + name + "' is missing: send every setting (GET /api/governance, edit, PUT).");
            }
        }
        Approvers approvers;
        try {
            approvers = Approvers.valueOf(string(settings, "approvers", false));
        } catch (IllegalArgumentException e) {
            throw bad("'settings.approvers' must be ANYONE, ADMINS_AND_LISTED or LISTED.");
        }
        String signalChannel = string(settings, "signalChannel", true);
        if (signalChannel != null && !SLACK_ID.matcher(signalChannel).matches()) {
            throw bad("'settings.signalChannel' must be a Slack channel id such as C0123ABCD, or null.");
        }
        Duration maxAge;
        try {
            maxAge = Duration.parse(string(settings, "inboxMaxAge", false));
        } catch (DateTimeParseException e) {
            throw bad("'settings.inboxMaxAge' must be an ISO-8601 duration such as PT24H.");
        }
        if (!GovernanceSettings.inboxMaxAgeAllowed(maxAge)) {
            throw bad("'settings.inboxMaxAge' must be between PT1M and P7D.");
        }
        JsonNode drift = settings.get("watchGitHubDrift");
        if (!drift.isBoolean()) {
            throw bad("'settings.watchGitHubDrift' must be true or false.");
        }
        JsonNode retention = settings.get("skillSourceRetentionDays");
        if (!retention.isNull() && !(retention.isIntegralNumber() && retention.canConvertToInt())) {
            throw bad("'settings.skillSourceRetentionDays' must be a number of days ("
                    + GovernanceSettings.MIN_SKILL_SOURCE_RETENTION_DAYS + " to "
                    + GovernanceSettings.MAX_SKILL_SOURCE_RETENTION_DAYS + ") or null to keep sources.");
        }
        GovernanceSettings wanted = new GovernanceSettings(ids(settings, "passiveCaptureChannels"), approvers,
                ids(settings, "approverUserIds"), signalChannel, maxAge, drift.booleanValue(),
                retention.isNull() ? null : retention.intValue());
        try {
            return new PolicyChange(revision.intValue(), wanted.requireWithinBounds());
        } catch (Bounds.Exceeded e) {
            throw bad("'settings." + e.getMessage().substring(1));
        }
    }

    private static void unknownFields(JsonNode object, Set<String> known, String prefix) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw bad("Unknown field '" + prefix + abbreviated(name) + "'. The policy is {\"revision\": n, \"settings\": {"
                        + String.join(", ", GovernanceSettings.NAMES) + "}} as GET /api/governance answers it.");
            }
        });
    }

    private static String string(JsonNode settings, String name, boolean nullable) {
        JsonNode value = settings.get(name);
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad("'settings." + name + "' must be a string" + (nullable ? " or null." : "."));
        }
        return value.textValue();
    }

    /** A list of Slack ids, at most {@link GovernanceSettings#MAX_LIST_ENTRIES}. */
    private static List<String> ids(JsonNode settings, String name) {
        JsonNode value = settings.get(name);
        if (!value.isArray()) {
            throw bad("'settings." + name + "' must be a list of Slack ids.");
        }
        if (value.size() > GovernanceSettings.MAX_LIST_ENTRIES) {
            throw bad("'settings." + name + "' holds at most " + GovernanceSettings.MAX_LIST_ENTRIES + " entries, not "
                    + value.size() + ".");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : value) {
            if (!id.isTextual() || !SLACK_ID.matcher(id.textValue()).matches()) {
                throw bad("'settings." + name + "' holds " + abbreviated(id.toString()) + ", which is not a Slack id "
                        + "(such as C0123ABCD or U0123ABCD: 2 to " + Bounds.SLACK_ID + " capital letters and digits).");
            }
            ids.add(id.textValue());
        }
        return ids;
    }

    /** What the caller sent, cut short so that a problem never echoes a whole oversized value. */
    private static String abbreviated(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }

    private static Problem bad(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad policy", detail);
    }

    private static Problem conflict(String detail) {
        return new Problem(HttpStatus.CONFLICT, "Policy changed meanwhile", detail);
    }

}
