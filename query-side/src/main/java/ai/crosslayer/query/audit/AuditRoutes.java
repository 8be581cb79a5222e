package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
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
import java.util.HexFormat;
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
    static final String EXPORT_SCHEMA = "/audit/crosslayer-audit-export-2.schema.json";
    /** Read once, when the routes are created: a file read on the event loop would block it (issue 11.7). */
    private static final String EXPORT_SCHEMA_JSON = exportSchemaJson();
    private static final Set<String> EVENT_FILTERS = Set.of("after", "limit", "since", "until", "type", "actor", "aggregate");

    private final AuditLog log;
    private final AuditRecords records;
    private final AuditExportWriter export;
    private final AuditPublicKey key;
    private final ObjectMapper json;
    private final ObjectProvider<CheckpointWitness> witness;

    AuditRoutes(AuditLog log, ObjectMapper json, AuditPublicKey key, Clock clock, ObjectProvider<CheckpointSigner> signer,
                ObjectProvider<CheckpointWitness> witness, PersonalDataKeys personalKeys) {
        this.log = log;
        this.json = json;
        this.records = new AuditRecords(json);
        this.export = new AuditExportWriter(log, json, clock, signer.getIfAvailable(), personalKeys);
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
        AuditExportFormat chosen;
        try {
            chosen = AuditExportFormat.named(format);
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

    /**
     * RFC 9162 inclusion proof: event {@code sequence} (leaf {@code sequence - 1}) is in the tenant's tree of
     * {@code treeSize} events, whose root a checkpoint of sequence {@code treeSize} signed.
     */
    @GetMapping("/api/audit/proof/inclusion")
    Mono<ObjectNode> inclusionProof(@RequestParam Map<String, String> params, ServerWebExchange exchange) {
        long sequence = requiredNumber(params, "sequence");
        long treeSize = requiredNumber(params, "treeSize");
        if (sequence < 1 || sequence > treeSize) {
            throw new AuditRequestProblem("'sequence' must be between 1 and 'treeSize'.");
        }
        return member(exchange).flatMap(member -> Mono.fromCallable(() -> log.withTree(member.tenantId(), (nodes, signed) -> {
            signedSize(treeSize, signed);
            ObjectNode body = json.createObjectNode();
            body.put("tenantId", member.tenantId().value());
            body.put("sequence", sequence);
            body.put("leafIndex", sequence - 1);
            body.put("treeSize", treeSize);
            body.put("leafHash", HexFormat.of().formatHex(nodes.node(0, sequence - 1)));
            ArrayNode proof = body.putArray("proof");
            AuditMerkle.inclusionProof(nodes, sequence - 1, treeSize).forEach(h -> proof.add(HexFormat.of().formatHex(h)));
            return body;
        })).subscribeOn(Schedulers.boundedElastic()));
    }

    /** RFC 9162 consistency proof: the tenant's tree of {@code from} events is a prefix of its tree of {@code to}. */
    @GetMapping("/api/audit/proof/consistency")
    Mono<ObjectNode> consistencyProof(@RequestParam Map<String, String> params, ServerWebExchange exchange) {
        long from = requiredNumber(params, "from");
        long to = requiredNumber(params, "to");
        if (from < 1 || from > to) {
            throw new AuditRequestProblem("'from' must be between 1 and 'to'.");
        }
        return member(exchange).flatMap(member -> Mono.fromCallable(() -> log.withTree(member.tenantId(), (nodes, signed) -> {
            signedSize(to, signed);
            ObjectNode body = json.createObjectNode();
            body.put("tenantId", member.tenantId().value());
            body.put("from", from);
            body.put("to", to);
            body.put("fromRoot", HexFormat.of().formatHex(AuditMerkle.root(nodes, from)));
            body.put("toRoot", HexFormat.of().formatHex(AuditMerkle.root(nodes, to)));
            ArrayNode proof = body.putArray("proof");
            AuditMerkle.consistencyProof(nodes, from, to).forEach(h -> proof.add(HexFormat.of().formatHex(h)));
            return body;
        })).subscribeOn(Schedulers.boundedElastic()));
    }

    /** Proofs are of trees a checkpoint signed (or smaller): beyond that the tree is not built yet. */
    private static void signedSize(long size, long signed) {
        if (size > signed) {
            throw new AuditRequestProblem("Tree size " + size + " is beyond the largest signed tree (" + signed
                    + " events); ask for a size at most that, or after the next checkpoint.");
        }
    }

    private static long requiredNumber(Map<String, String> params, String name) {
        if (!params.containsKey(name)) {
            throw new AuditRequestProblem("'" + name + "' is required.");
        }
        return number(params, name, 0);
    }

    /** Public: the published JSON Schema of an NDJSON export's lines (issue 15.6). */
    @GetMapping("/api/audit/export-schema")
    ResponseEntity<String> exportSchema() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json")).body(EXPORT_SCHEMA_JSON);
    }

    private static String exportSchemaJson() {
        try (var schema = AuditRoutes.class.getResourceAsStream(EXPORT_SCHEMA)) {
            return new String(java.util.Objects.requireNonNull(schema, EXPORT_SCHEMA).readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
