package ai.crosslayer.query.dashboard;

import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.FindGovernanceQuery;
import ai.crosslayer.kernel.governance.GovernanceView;
import ai.crosslayer.kernel.integration.FindIntegrationQuery;
import ai.crosslayer.kernel.integration.FindIntegrationsQuery;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.signal.FindSignalsQuery;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.signal.SignalState;
import ai.crosslayer.kernel.signal.SignalView;
import ai.crosslayer.kernel.skill.FindSkillQuery;
import ai.crosslayer.kernel.skill.FindSkillsQuery;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.query.Problem;
import ai.crosslayer.query.audit.AuditLog;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's pages (issue 16): sign-in at {@code /}, then under {@code /app} the overview, integrations
 * (the Settings page), governance, skills, signals and members. Each page reads the read models in the
 * signed-in member's tenant; what a page changes, its script sends to the JSON routes with the CSRF token.
 */
@Controller
class DashboardPages {

    private final Pages pages;
    private final DashboardReads reads;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean local;

    DashboardPages(Pages pages, DashboardReads reads, AuditLog audit, Clock clock, Environment environment) {
        this.pages = pages;
        this.reads = reads;
        this.audit = audit;
        this.clock = clock;
        this.local = environment.acceptsProfiles(Profiles.of("local"));
    }

    /** Signed in: the overview. Signed out: the sign-in page (WorkOS, and in the local profile the dev sign-in). */
    @GetMapping("/")
    Mono<Rendering> home(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(signedIn -> Rendering.redirectTo("/app").status(HttpStatus.SEE_OTHER).build())
                .switchIfEmpty(Mono.fromCallable(() -> Rendering.view("dashboard/signin")
                        .modelAttribute("local", local).build()).subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping("/app")
    Mono<Rendering> overview(ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/overview", "overview", viewer -> {
            var tenant = viewer.member().tenantId();
            Instant now = clock.instant();
            LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
            AuditLog.Summary log = audit.summary(tenant, today.minusDays(29).atStartOfDay().toInstant(ZoneOffset.UTC));
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate day = today.minusDays(29); !day.isAfter(today); day = day.plusDays(1)) {
                days.add(day);
            }
            Map<LocalDate, Map<String, Long>> perDay = new TreeMap<>();
            log.perDay().forEach(c -> perDay.computeIfAbsent(c.day(), d -> new TreeMap<>()).put(c.kind(), c.count()));
            Instant twelveWeeksAgo = Charts.monday(today.minusWeeks(11)).atStartOfDay().toInstant(ZoneOffset.UTC);
            List<DashboardReads.WeekCount> weeks = reads.skillsPerWeek(tenant.value(), twelveWeeksAgo);
            Map<LocalDate, Map<String, Long>> perWeek = new TreeMap<>();
            weeks.forEach(w -> {
                Map<String, Long> counts = new TreeMap<>();
                counts.put("confirmed", w.confirmed());
                counts.put("proposed", w.proposed());
                perWeek.put(w.week(), counts);
            });
            return Pages.model(
                    "members", reads.members(tenant.value()),
                    "integrations", pages.askAll(new FindIntegrationsQuery(tenant), IntegrationView.class),
                    "skills", reads.skillsByStatus(tenant.value()),
                    "signals", reads.signalsByState(tenant.value()),
                    "log", log,
                    "eventsChart", Charts.stacked("Events per day, by kind (last 30 days)", days, perDay, 5),
                    "eventsPerDay", perDay,
                    "skillsChart", Charts.stacked("Skills proposed and confirmed per week (last 12 weeks)",
                            weeks.stream().map(DashboardReads.WeekCount::week).toList(), perWeek, 2),
                    "skillsPerWeek", weeks);
        });
    }

    @GetMapping("/app/integrations")
    Mono<Rendering> integrations(ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/integrations", "integrations", viewer -> Pages.model(
                "integrations", pages.askAll(new FindIntegrationsQuery(viewer.member().tenantId()), IntegrationView.class)));
    }

    /** Picking a GitHub account's repositories: the page lists them through the (admin) JSON route. */
    @GetMapping("/app/integrations/{id}/repositories")
    Mono<Rendering> repositories(@PathVariable String id, ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/repositories", "integrations", viewer -> Pages.model(
                "integration", IntegrationId.parse(id)
                        .flatMap(integration -> pages.askOne(new FindIntegrationQuery(viewer.member().tenantId(), integration),
                                IntegrationView.class))
                        .orElseThrow(() -> notFound("No integration of this account has that id."))));
    }

    @GetMapping("/app/governance")
    Mono<Rendering> governance(ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/governance", "governance", viewer -> Pages.model(
                "policy", pages.ask(new FindGovernanceQuery(viewer.member().tenantId()), GovernanceView.class),
                "approvers", Arrays.asList(Approvers.values())));
    }

    @GetMapping("/app/skills")
    Mono<Rendering> skills(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
                           ServerWebExchange exchange) {
        SkillStatus chosen = SkillStatus.fromWire(status).orElse(null);
        return pages.render(exchange, "dashboard/skills", "skills", viewer -> Pages.model(
                "q", q, "status", chosen, "statuses", Arrays.asList(SkillStatus.values()),
                "skills", pages.askAll(new FindSkillsQuery(viewer.member().tenantId(), chosen,
                        q == null || q.isBlank() ? null : q, 100), SkillView.class)));
    }

    @GetMapping("/app/skills/{id}")
    Mono<Rendering> skill(@PathVariable String id, ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/skill", "skills", viewer -> Pages.model(
                "skill", SkillId.parse(id)
                        .flatMap(skill -> pages.askOne(new FindSkillQuery(viewer.member().tenantId(), skill), SkillView.class))
                        .orElseThrow(() -> notFound("No skill of this account has that id."))));
    }

    @GetMapping("/app/signals")
    Mono<Rendering> signals(@RequestParam(required = false) String kind, @RequestParam(required = false) String state,
                            ServerWebExchange exchange) {
        SignalKind chosenKind = Arrays.stream(SignalKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(null);
        SignalState chosenState = SignalState.fromWire(state).orElse(null);
        return pages.render(exchange, "dashboard/signals", "signals", viewer -> Pages.model(
                "kind", chosenKind, "state", chosenState, "kinds", Arrays.asList(SignalKind.values()),
                "states", Arrays.asList(SignalState.values()),
                "signals", pages.askAll(new FindSignalsQuery(viewer.member().tenantId(), chosenKind, chosenState,
                        null, null, 200), SignalView.class)));
    }

    @GetMapping("/app/members")
    Mono<Rendering> members(ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/members", "members", viewer -> Pages.model(
                "members", reads.members(viewer.member().tenantId().value()),
                "roles", Arrays.stream(MemberRole.values()).map(Enum::name).toList()));
    }

    static Problem notFound(String detail) {
        return new Problem(HttpStatus.NOT_FOUND, "Not Found", detail);
    }
}
