package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.SignedInMember;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/audit/*}: the caller's own tenant's audit log — paged replay with filters, streamed
 * export, verification — and the public key that checks the checkpoints.
 */
@RestController
class AuditRoutes {

    static final int MAX_PAGE = 1000;
    private static final Set<String> EVENT_FILTERS = Set.of("after", "limit", "since", "until", "type", "actor", "aggregate");

    private final AuditLog log;
    private final AuditRecords records;
    private final AuditExport export;
    private final AuditPublicKey key;
    private final ObjectMapper json;
    private final ObjectProvider<CheckpointWitness> witness;

    AuditRoutes(AuditLog log, ObjectMapper json, AuditPublicKey key, Clock clock, ObjectProvider<CheckpointSigner> signer,
                ObjectProvider<CheckpointWitness> witness) {
        this.log = log;
        this.json = json;
        this.records = new AuditRecords(json);
        this.export = new AuditExport(log, json, clock, signer.getIfAvailable());
        this.key = key;
        this.witness = witness;
    }

    @GetMapping("/api/audit/events")
    Mono<ObjectNode> events(@RequestParam Map<String, String> params, ServerWebExchange exchange) {
        AuditLog.Filter filter = filter(params);
        return member(exchange).flatMap(member -> Mono.fromCallable(() -> {
            List<AuditChain.StoredEvent> page = log.page(member.tenantId(), filter);
            ObjectNode body = json.createObjectNode();
            body.put("tenantId", member.tenantId().value());
            ArrayNode events = body.putArray("events");
            page.forEach(e -> events.add(records.event(e)));
            body.put("nextAfter", page.size() < filter.limit() ? null : page.get(page.size() - 1).tenantSequence());
            return body;
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping("/api/audit/export")
    Mono<ResponseEntity<Flux<DataBuffer>>> export(@RequestParam(defaultValue = "ndjson") String format,
                                                  ServerWebExchange exchange) {
        AuditExport.Format chosen;
        try {
            chosen = AuditExport.Format.named(format);
        } catch (IllegalArgumentException e) {
            return Mono.error(new AuditRequestProblem(e.getMessage()));
        }
        return member(exchange).map(member -> {
            TenantId tenant = member.tenantId();
            Flux<DataBuffer> body = BlockingLines.stream(lines ->
                            export.write(tenant, chosen, key, lines))
                    .map(chunk -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(chosen.mediaType()))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"crosslayer-audit-" + tenant
                            + "." + chosen.extension() + "\"")
                    .body(body);
        });
    }

    /** The tenant's chain recomputed, its checkpoints checked, and the witness's checkpoints held against them. */
    @GetMapping("/api/audit/verify")
    Mono<AuditChain.Report> verify(ServerWebExchange exchange) {
        return member(exchange).flatMap(member -> Mono.fromCallable(() -> log.verify(member.tenantId(), key.trusted(),
                        witnessed(member.tenantId()))).subscribeOn(Schedulers.boundedElastic()));
    }

    /** The tenant's signed checkpoints, oldest first, as the export and the witness write them. */
    @GetMapping("/api/audit/checkpoints")
    Mono<ObjectNode> checkpoints(ServerWebExchange exchange) {
        return member(exchange).flatMap(member -> Mono.fromCallable(() -> {
            ObjectNode body = json.createObjectNode();
            body.put("tenantId", member.tenantId().value());
            ArrayNode checkpoints = body.putArray("checkpoints");
            log.checkpoints(member.tenantId()).forEach(c -> checkpoints.add(records.checkpoint(c)));
            return body;
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    private List<AuditChain.Checkpoint> witnessed(TenantId tenant) {
        CheckpointWitness known = witness.getIfAvailable();
        return known == null ? List.of() : known.checkpoints(tenant.value());
    }

    /** Public: the key is what lets anyone check a checkpoint without trusting us. */
    @GetMapping("/api/audit/public-key")
    Map<String, Object> publicKey() {
        return Map.of("algorithm", "Ed25519", "keyId", key.keyId(),
                "publicKey", Base64.getEncoder().encodeToString(key.publicKey()),
                "retired", key.retired().stream().map(old -> Map.of("keyId", old.keyId(),
                        "publicKey", Base64.getEncoder().encodeToString(old.publicKey()))).toList());
    }

    private static Mono<SignedInMember> member(ServerWebExchange exchange) {
        return exchange.getPrincipal().cast(SignedInMember.class);
    }

    static AuditLog.Filter filter(Map<String, String> params) {
        Set<String> unknown = new TreeSet<>(params.keySet());
        unknown.removeAll(EVENT_FILTERS);
        if (!unknown.isEmpty()) {
            throw new AuditRequestProblem("Unknown filter " + unknown + ". The filters are " + new TreeSet<>(EVENT_FILTERS) + ".");
        }
        long after = number(params, "after", 0);
        long limit = number(params, "limit", 100);
        if (after < 0) {
            throw new AuditRequestProblem("'after' is a sequence number, 0 or more.");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new AuditRequestProblem("'limit' must be between 1 and " + MAX_PAGE + "; page with 'after' for more.");
        }
        Instant since = AuditRequestProblem.instant("since", params.get("since"));
        Instant until = AuditRequestProblem.instant("until", params.get("until"));
        if (since != null && until != null && !since.isBefore(until)) {
            throw new AuditRequestProblem("'since' must be before 'until'.");
        }
        return new AuditLog.Filter(after, (int) limit, since, until, blankToNull(params.get("type")),
                blankToNull(params.get("actor")), blankToNull(params.get("aggregate")));
    }

    private static long number(Map<String, String> params, String name, long fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AuditRequestProblem("'" + name + "' must be a whole number.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
