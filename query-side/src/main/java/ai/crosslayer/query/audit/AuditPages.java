package ai.crosslayer.query.audit;

import ai.crosslayer.query.Problem;
import ai.crosslayer.query.dashboard.Pages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;

/**
 * The audit log's pages: a paged, filterable table of the tenant's events (the filters of
 * {@code GET /api/audit/events}), one event with its stored bytes and hashes, the Verify button, the export
 * downloads and the public key. Every member of the tenant sees them, as every member may read the log
 * through the API (README, "The audit log").
 */
@Controller
class AuditPages {

    static final int PAGE = 50;

    private final Pages pages;
    private final AuditLog log;
    private final AuditRecords records;
    private final AuditPublicKey key;
    private final ObjectMapper json;
    private final DSLContext sql;

    AuditPages(Pages pages, AuditLog log, ObjectMapper json, AuditPublicKey key, DSLContext sql) {
        this.pages = pages;
        this.sql = sql;
        this.log = log;
        this.records = new AuditRecords(json);
        this.key = key;
        this.json = json;
    }

    /** A row of the table: the record's fields a person scans; the actor's email where they are a member. */
    record Row(long sequence, String occurredAt, String action, String actor, String actorName, String target, String source) {
    }

    @GetMapping("/app/audit")
    Mono<Rendering> events(@RequestParam Map<String, String> params, ServerWebExchange exchange) {
        Map<String, String> filters = new LinkedHashMap<>(params);
        filters.values().removeIf(value -> value == null || value.isBlank()); // "?a" and "?=b" give null or blank
        filters.putIfAbsent("limit", String.valueOf(PAGE));
        return pages.render(exchange, "dashboard/audit", "audit", viewer -> {
            AuditLog.Filter filter;
            try {
                filter = AuditRoutes.filter(filters);
            } catch (AuditRequestProblem e) {
                return Pages.model("filters", params, "problem", e.getBody().getDetail(), "rows", List.of(),
                        "publicKey", Base64.getEncoder().encodeToString(key.publicKey()), "keyId", key.keyId());
            }
            List<AuditChain.StoredEvent> page = log.page(viewer.member().tenantId(), filter);
            Map<String, String> names = names(viewer.member().tenantId().value());
            List<Row> rows = page.stream().map(records::event).map(record -> row(record, names)).toList();
            Map<String, String> next = new LinkedHashMap<>(filters);
            next.put("after", page.isEmpty() ? "" : String.valueOf(page.get(page.size() - 1).tenantSequence()));
            return Pages.model("filters", params, "rows", rows,
                    "next", page.size() < filter.limit() ? null : next,
                    "publicKey", Base64.getEncoder().encodeToString(key.publicKey()), "keyId", key.keyId());
        });
    }

    @GetMapping("/app/audit/{sequence}")
    Mono<Rendering> event(@PathVariable long sequence, ServerWebExchange exchange) {
        return pages.render(exchange, "dashboard/audit-event", "audit", viewer -> {
            List<AuditChain.StoredEvent> one = log.page(viewer.member().tenantId(),
                    new AuditLog.Filter(Math.max(0, sequence - 1), 1, null, null, null, null, null));
            if (one.isEmpty() || one.get(0).tenantSequence() != sequence) {
                throw new Problem(HttpStatus.NOT_FOUND, "Not Found", "This account's audit log has no event " + sequence + ".");
            }
            ObjectNode record = records.event(one.get(0));
            try {
                return Pages.model("row", row(record, names(viewer.member().tenantId().value())), "record", record,
                        "pretty", json.writerWithDefaultPrettyPrinter().writeValueAsString(record));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an audit record is always JSON", e);
            }
        });
    }

    /** The tenant's members' emails by user id (a removed member's events show the id alone). */
    private Map<String, String> names(String tenant) {
        return sql.select(TENANT_DIRECTORY_MEMBER.USER_ID, TENANT_DIRECTORY_MEMBER.EMAIL).from(TENANT_DIRECTORY_MEMBER)
                .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(tenant))
                .fetchMap(TENANT_DIRECTORY_MEMBER.USER_ID, TENANT_DIRECTORY_MEMBER.EMAIL);
    }

    private static Row row(ObjectNode record, Map<String, String> names) {
        var target = record.path("targets").path(0);
        String actor = record.path("actor").path("id").asText();
        return new Row(record.path("sequence").asLong(), record.path("occurredAt").asText(), record.path("action").asText(),
                actor, names.get(actor), target.path("type").asText() + " " + target.path("id").asText(),
                record.path("context").path("source").asText(""));
    }
}
