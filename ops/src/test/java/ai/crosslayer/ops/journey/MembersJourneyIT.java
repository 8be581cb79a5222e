package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.as;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An admin runs the tenant's members from the dashboard's routes: roles (the auditor reads and changes nothing),
 * the last admin who stays one, a removal that ends the member's sessions at once; and decides on a skill and
 * acknowledges a signal there, recorded with source {@code dashboard}. Issue #16 (write side).
 */
class MembersJourneyIT {

    @TempDir
    static Path dataDir;

    private static RunningService service;
    private static WebTestClient http;
    private static WebTestClient ada;
    private static String adaId;
    private static String tenant;

    @BeforeAll
    static void start() {
        service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir)
                .database(TestPostgres.freshDatabase()).start();
        http = service.http();
        String session = devLogin(http, "ada@members.test");
        ada = as(http, session);
        JsonNode me = me(http, session);
        adaId = me.path("userId").asText();
        tenant = me.path("tenantId").asText();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void anAdminChangesRolesKeepsAnAdminAndRemovesAMemberWhoseSessionsEndAtOnce() {
        String graceSession = devLogin(http, "grace@members.test");
        String alanSession = devLogin(http, "alan@members.test");
        String alanElsewhere = devLogin(http, "alan@members.test");
        WebTestClient grace = as(http, graceSession);
        String graceId = me(http, graceSession).path("userId").asText();
        String alanId = me(http, alanSession).path("userId").asText();

        // Any member reads the list; a member changes nothing in it.
        JsonNode members = members(grace);
        assertThat(roleIn(members, adaId)).contains("ADMIN");
        assertThat(roleIn(members, graceId)).contains("MEMBER");
        JsonNode alan = entry(members, alanId).orElseThrow();
        assertThat(alan.path("email").asText()).isEqualTo("alan@members.test");
        assertThat(alan.has("displayName")).isTrue();
        assertThat(Instant.parse(alan.path("joinedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        expectProblem(role(grace, alanId, "ADMIN"), HttpStatus.FORBIDDEN, "admin");
        expectProblem(grace.delete().uri("/api/members/{id}", alanId).exchange(), HttpStatus.FORBIDDEN, "admin");

        // Grace becomes an auditor: she reads everything and changes nothing.
        role(ada, graceId, "AUDITOR").expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(5)).until(() -> roleIn(members(ada), graceId).equals(Optional.of("AUDITOR")));
        grace.get().uri("/api/audit/events").exchange().expectStatus().isOk();
        expectProblem(grace.put().uri("/api/governance").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
                HttpStatus.FORBIDDEN, "admin");
        expectProblem(role(grace, graceId, "MEMBER"), HttpStatus.FORBIDDEN, "admin");
        expectProblem(grace.delete().uri("/api/members/{id}", alanId).exchange(), HttpStatus.FORBIDDEN, "admin");
        expectProblem(grace.delete().uri("/api/integrations/{id}", UUID.randomUUID()).exchange(), HttpStatus.FORBIDDEN,
                "admin");

        // Bad input, unknown members, and the last admin.
        expectProblem(role(ada, graceId, "OWNER"), HttpStatus.BAD_REQUEST, "ADMIN, MEMBER, AUDITOR");
        expectProblem(ada.put().uri("/api/members/{id}/role", graceId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"role\":\"ADMIN\",\"tenantId\":\"" + tenant + "\"}").exchange(), HttpStatus.BAD_REQUEST, "role");
        expectProblem(role(ada, "local_00000000000000000000000000000000", "ADMIN"), HttpStatus.NOT_FOUND, "no member");
        expectProblem(ada.delete().uri("/api/members/{id}", "local_00000000000000000000000000000000").exchange(), HttpStatus.NOT_FOUND,
                "no member");
        expectProblem(role(ada, adaId, "MEMBER"), HttpStatus.CONFLICT, "without an admin");
        expectProblem(ada.delete().uri("/api/members/{id}", adaId).exchange(), HttpStatus.CONFLICT, "without an admin");
        assertThat(roleIn(members(ada), adaId)).contains("ADMIN");

        // Alan is removed: both his sessions end in that request, and he leaves the directory.
        ada.delete().uri("/api/members/{id}", alanId).exchange().expectStatus().isNoContent();
        as(http, alanSession).get().uri("/api/me").exchange().expectStatus().isUnauthorized();
        as(http, alanElsewhere).get().uri("/api/members").exchange().expectStatus().isUnauthorized();
        await().atMost(Duration.ofSeconds(5)).until(() -> entry(members(ada), alanId).isEmpty());
        expectProblem(ada.delete().uri("/api/members/{id}", alanId).exchange(), HttpStatus.NOT_FOUND, "no member");

        // A removal is not a ban: signing in again, he joins again as a new member.
        String alanAgain = devLogin(http, "alan@members.test");
        JsonNode rejoined = me(http, alanAgain);
        assertThat(rejoined.path("role").asText()).isEqualTo("MEMBER");
        assertThat(Instant.parse(rejoined.path("joinedAt").asText())).isAfter(Instant.parse(alan.path("joinedAt").asText()));

        // The audit log names who did each change, from the dashboard.
        JsonNode changed = lastAudited("tenant.member_role_changed");
        assertThat(changed.path("actor").path("id").asText()).isEqualTo(adaId);
        assertThat(changed.path("context").path("source").asText()).isEqualTo("dashboard");
        assertThat(changed.path("event").path("data").path("role").asText()).isEqualTo("AUDITOR");
        JsonNode removed = lastAudited("tenant.member_removed");
        assertThat(removed.path("actor").path("id").asText()).isEqualTo(adaId);
        assertThat(removed.path("event").path("data").path("userId").asText()).isEqualTo(alanId);
    }

    @Test
    void anAdminDecidesOnASkillAndAMemberAcknowledgesASignalFromTheDashboard() {
        String mia = devLogin(http, "mia@members.test");
        String audreySession = devLogin(http, "audrey@members.test");
        role(ada, me(http, audreySession).path("userId").asText(), "AUDITOR").expectStatus().isNoContent();
        WebTestClient audrey = as(http, audreySession);
        String miaId = me(http, mia).path("userId").asText();
        TenantId id = new TenantId(tenant);
        SkillId skill = SkillId.fromSlackEvent(tenant, "Ev0MEMBERS");
        SignalId signal = SignalId.of(tenant, SignalKind.WAITING_FOR_REVIEW, skill.value());
        TenantScope.run(id, () -> {
            CommandGateway commands = service.bean(CommandGateway.class);
            commands.sendAndWait(new RecordExtractedSkillCommand(id, skill,
                    new SkillContent("rotate-the-keys", "Rotate the signing keys.", null, List.of("Run keys rotate."),
                            List.of("ops")),
                    new SkillSource("T0MEMBERS", "C0MEMBERS", "1764400000.000100", "1764400000.000100", null, "0".repeat(64)),
                    "claude-test", "skill-extraction/1", Instant.now()));
            // Its card is in Slack already (posting cards is SkillExtractionJourneyIT's): nothing is owed to Slack.
            commands.sendAndWait(new RecordSkillCardCommand(id, skill, "C0MEMBERS", "1764400001.000200", Instant.now()));
            commands.sendAndWait(new RaiseSignalCommand(id, signal, SignalKind.WAITING_FOR_REVIEW, skill.value(),
                    "rotate-the-keys waits for review", null, null, Instant.now()));
        });

        // Only admins decide; the first decision stands.
        expectProblem(decide(as(http, mia), skill.value(), "true"), HttpStatus.FORBIDDEN, "admin");
        expectProblem(decide(audrey, skill.value(), "true"), HttpStatus.FORBIDDEN, "admin");
        expectProblem(decide(ada, skill.value(), "\"yes\""), HttpStatus.BAD_REQUEST, "approve");
        expectProblem(decide(ada, SkillId.fromSlackEvent(tenant, "Ev0NOSUCH").value(), "true"), HttpStatus.NOT_FOUND, "skill");
        expectProblem(decide(ada, signal.value(), "true"), HttpStatus.NOT_FOUND, "skill");
        decide(ada, skill.value(), "true").expectStatus().isNoContent();
        expectProblem(decide(ada, skill.value(), "false"), HttpStatus.CONFLICT, "already confirmed");
        await().atMost(Duration.ofSeconds(5)).until(() -> "confirmed".equals(ada.get().uri("/api/skills/{id}", skill.value())
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().path("status").asText()));
        JsonNode confirmed = lastAudited("skill.confirmed");
        assertThat(confirmed.path("actor").path("id").asText()).isEqualTo(adaId);
        assertThat(confirmed.path("context").path("source").asText()).isEqualTo("dashboard");
        // The decider's name (here the admin's email) is personal: the log shows it sealed (issue 18).
        assertThat(confirmed.path("event").path("data").path("displayName").path("sealed").asText())
                .isEqualTo("xchacha20poly1305");
        assertThat(confirmed.toString()).doesNotContain("ada@members.test");

        // A member acknowledges; an auditor may not.
        expectProblem(audrey.post().uri("/api/signals/{id}/acknowledge", signal.value()).exchange(), HttpStatus.FORBIDDEN,
                "Auditors");
        expectProblem(as(http, mia).post().uri("/api/signals/{id}/acknowledge",
                        SignalId.of(tenant, SignalKind.CONFLICT, "nothing").value()).exchange(), HttpStatus.NOT_FOUND, "signal");
        expectProblem(as(http, mia).post().uri("/api/signals/{id}/acknowledge", skill.value()).exchange(),
                HttpStatus.NOT_FOUND, "signal");
        as(http, mia).post().uri("/api/signals/{id}/acknowledge", signal.value()).exchange().expectStatus().isNoContent();
        ada.post().uri("/api/signals/{id}/acknowledge", signal.value()).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(5)).until(() -> signal(signal).path("state").asText().equals("acknowledged"));
        assertThat(signal(signal).path("acknowledgedBy").asText()).as("the first acknowledgement counts").isEqualTo(miaId);
        JsonNode acknowledged = lastAudited("signal.acknowledged");
        assertThat(acknowledged.path("actor").path("id").asText()).isEqualTo(miaId);
        assertThat(acknowledged.path("context").path("source").asText()).isEqualTo("dashboard");
    }

    /**
     * A demoted admin scripting requests right after the demotion's answer, with the tenant directory held back (its
     * processor stopped, as a dead letter or a backlog would): every admin-only route refuses them, because checks
     * read the role the demotion changed in its own transaction. A removed admin's sessions end in the same way.
     */
    @Test
    void aDemotedOrRemovedAdminIsRefusedAtOnceWhileTheTenantDirectoryStillShowsThemAsAdmin() {
        String founderSession = devLogin(http, "ada@demotion.test");
        String graceSession = devLogin(http, "grace@demotion.test");
        String alanSession = devLogin(http, "alan@demotion.test");
        WebTestClient founder = as(http, founderSession);
        WebTestClient grace = as(http, graceSession);
        WebTestClient alan = as(http, alanSession);
        String founderId = me(http, founderSession).path("userId").asText();
        String graceId = me(http, graceSession).path("userId").asText();
        String alanId = me(http, alanSession).path("userId").asText();
        role(founder, graceId, "ADMIN").expectStatus().isNoContent();
        role(founder, alanId, "ADMIN").expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(5)).until(() -> roleIn(members(founder), graceId).equals(Optional.of("ADMIN"))
                && roleIn(members(founder), alanId).equals(Optional.of("ADMIN")));
        // As an admin, Grace reads another member's file.
        grace.get().uri("/api/members/{id}/personal-data", founderId).exchange().expectStatus().isOk();

        EventProcessor directory = service.bean(EventProcessingConfiguration.class).eventProcessor("tenant-directory")
                .orElseThrow();
        directory.shutDown();
        try {
            role(founder, graceId, "AUDITOR").expectStatus().isNoContent();
            founder.delete().uri("/api/members/{id}", alanId).exchange().expectStatus().isNoContent();

            // The window the attacker would use is open: the directory still says both are admins.
            assertThat(roleIn(members(founder), graceId)).contains("ADMIN");
            assertThat(roleIn(members(founder), alanId)).contains("ADMIN");

            // No admin-only request of Grace's passes, and her session shows the role the checks ask.
            assertThat(me(http, graceSession).path("role").asText()).isEqualTo("AUDITOR");
            expectProblem(grace.put().uri("/api/governance").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .exchange(), HttpStatus.FORBIDDEN, "admin");
            expectProblem(grace.delete().uri("/api/integrations/{id}", UUID.randomUUID()).exchange(), HttpStatus.FORBIDDEN,
                    "admin");
            expectProblem(role(grace, graceId, "ADMIN"), HttpStatus.FORBIDDEN, "admin");
            expectProblem(grace.delete().uri("/api/members/{id}", founderId).exchange(), HttpStatus.FORBIDDEN, "admin");
            expectProblem(grace.delete().uri("/api/members/{id}/personal-data", founderId).exchange(), HttpStatus.FORBIDDEN,
                    "admin");
            expectProblem(grace.get().uri("/api/members/{id}/personal-data", founderId).exchange(), HttpStatus.FORBIDDEN,
                    "admins");
            expectProblem(decide(grace, SkillId.fromSlackEvent(tenant, "Ev0DEMOTED").value(), "true"), HttpStatus.FORBIDDEN,
                    "admin");
            expectProblem(grace.post().uri("/api/tenant/offboarding").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("confirm", "demotion.test")).exchange(), HttpStatus.FORBIDDEN, "admin");
            // Her own file stays hers to read.
            grace.get().uri("/api/members/{id}/personal-data", graceId).exchange().expectStatus().isOk();

            // Alan's sessions ended with his removal: none of his requests is anyone's any more.
            alan.put().uri("/api/governance").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isUnauthorized();
            alan.get().uri("/api/members/{id}/personal-data", founderId).exchange().expectStatus().isUnauthorized();
            alan.post().uri("/api/tenant/offboarding").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("confirm", "demotion.test")).exchange().expectStatus().isUnauthorized();
        } finally {
            directory.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> roleIn(members(founder), graceId).equals(Optional.of("AUDITOR"))
                && entry(members(founder), alanId).isEmpty());
    }

    private static WebTestClient.ResponseSpec role(WebTestClient as, String userId, String role) {
        return as.put().uri("/api/members/{id}/role", userId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", role)).exchange();
    }

    private static WebTestClient.ResponseSpec decide(WebTestClient as, String skill, String approve) {
        return as.post().uri("/api/skills/{id}/decision", skill).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"approve\":" + approve + "}").exchange();
    }

    private static JsonNode members(WebTestClient as) {
        return as.get().uri("/api/members").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static Optional<JsonNode> entry(JsonNode members, String userId) {
        return StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.path("userId").asText().equals(userId)).findFirst();
    }

    private static Optional<String> roleIn(JsonNode members, String userId) {
        return entry(members, userId).map(m -> m.path("role").asText());
    }

    private static JsonNode signal(SignalId signal) {
        JsonNode board = ada.get().uri("/api/signals").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return StreamSupport.stream(board.spliterator(), false)
                .filter(s -> s.path("id").asText().equals(signal.value())).findFirst().orElseThrow();
    }

    /** The newest audit record of this action in the tenant's log. */
    private static JsonNode lastAudited(String action) {
        JsonNode events = ada.get().uri("/api/audit/events?limit=1000").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("events");
        JsonNode last = null;
        for (JsonNode event : events) {
            if (event.path("action").asText().equals(action)) {
                last = event;
            }
        }
        assertThat(last).as("an audit record of " + action).isNotNull();
        return last;
    }
}
