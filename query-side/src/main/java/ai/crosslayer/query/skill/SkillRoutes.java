package ai.crosslayer.query.skill;

import ai.crosslayer.kernel.skill.FindSkillQuery;
import ai.crosslayer.kernel.skill.FindSkillsQuery;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.Problem;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/skills} ({@code ?status=proposed|confirmed|discarded&q=words&limit=n}),
 * {@code GET /api/skills/{id}}, and {@code GET /api/skills/{id}/skill.md}, the skill as an Agent Skills file.
 */
@RestController
class SkillRoutes {

    private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    private final QueryGateway queries;

    SkillRoutes(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/skills")
    Mono<List<SkillView>> skills(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                                 @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        Optional<SkillStatus> which = SkillStatus.fromWire(status);
        if (status != null && which.isEmpty()) {
            return Mono.error(new Problem(HttpStatus.BAD_REQUEST, "Bad skills request",
                    "'status' must be one of " + SkillStatus.words() + "."));
        }
        if (limit != null && (limit < 1 || limit > SkillCatalogQueries.MAX_LIMIT)) {
            return Mono.error(new Problem(HttpStatus.BAD_REQUEST, "Bad skills request",
                    "'limit' must be between 1 and " + SkillCatalogQueries.MAX_LIMIT + "."));
        }
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.fromFuture(() -> queries.query(
                                new FindSkillsQuery(member.tenantId(), which.orElse(null), q, limit == null ? 100 : limit),
                                ResponseTypes.multipleInstancesOf(SkillView.class)))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping("/api/skills/{id}")
    Mono<SkillView> skill(@PathVariable String id, ServerWebExchange exchange) {
        return find(id, exchange);
    }

    @GetMapping("/api/skills/{id}/skill.md")
    Mono<ResponseEntity<String>> skillMarkdown(@PathVariable String id, ServerWebExchange exchange) {
        return find(id, exchange).map(view -> ResponseEntity.ok()
                .contentType(MARKDOWN)
                // A download, never a page: its text comes from conversations (issue 12 item 6).
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"SKILL.md\"")
                .body(SkillMarkdown.of(view)));
    }

    private Mono<SkillView> find(String id, ServerWebExchange exchange) {
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.justOrEmpty(SkillId.parse(id))
                        .flatMap(skill -> Mono.fromFuture(() -> queries.query(new FindSkillQuery(member.tenantId(), skill),
                                        ResponseTypes.optionalInstanceOf(SkillView.class)))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(Mono::justOrEmpty))
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.NOT_FOUND, "Not Found",
                        "No skill of this account has that id.")));
    }

}
