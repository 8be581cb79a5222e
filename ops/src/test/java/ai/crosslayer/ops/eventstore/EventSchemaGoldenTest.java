package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.governance.GovernanceChangeRefused;
import ai.crosslayer.kernel.governance.GovernanceSettingChanged;
import ai.crosslayer.kernel.integration.GitHubAccountConnected;
import ai.crosslayer.kernel.integration.GitHubRepositoryConnected;
import ai.crosslayer.kernel.integration.GitHubRepositoryDisconnected;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.ProviderRevocationFailed;
import ai.crosslayer.kernel.integration.ProviderRevocationSucceeded;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.SlackWorkspaceConnected;
import ai.crosslayer.kernel.signal.SignalAcknowledged;
import ai.crosslayer.kernel.signal.SignalDeadLettered;
import ai.crosslayer.kernel.signal.SignalDeliveryFailed;
import ai.crosslayer.kernel.signal.SignalDispatched;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.signal.SignalRaised;
import ai.crosslayer.kernel.skill.SkillCardPosted;
import ai.crosslayer.kernel.skill.SkillConfirmed;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillDecisionRefused;
import ai.crosslayer.kernel.skill.SkillDiscarded;
import ai.crosslayer.kernel.skill.SkillExtracted;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.skill.SkillSourceExpired;
import ai.crosslayer.kernel.tenant.MasterKeyRotated;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberPersonalDataErased;
import ai.crosslayer.kernel.tenant.SlackUserPersonalDataErased;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberRoleChanged;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored event shapes are public API: each current event against its golden fixture. Issue #3. */
class EventSchemaGoldenTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");
    private static final IntegrationId SLACK = new IntegrationId("5c1a0d2e-1111-4000-8000-000000000001");
    private static final SignalId SIGNAL = new SignalId("5c1a0d2e-4444-4000-8000-000000000004");
    private static final SkillId SKILL = new SkillId("5c1a0d2e-3333-4000-8000-000000000003");
    private static final IntegrationId GITHUB = new IntegrationId("5c1a0d2e-2222-4000-8000-000000000002");
    /** A data key of the fixtures, sealing as the service's data key vault does (issue 18). */
    static final FixedKeyCipher CIPHER = new FixedKeyCipher();
    private static final Serializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(EventStoreConfiguration.eventJson(CIPHER))
            .revisionResolver(new AnnotationRevisionResolver())
            .build();

    static Stream<Object> currentEvents() {
        return Stream.of(
                new TenantCreated(ACME, "acme.test", "org_acme", null, AT),
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, AT),
                new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, "org_acme", AT),
                new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, MemberRole.AUDITOR, AT),
                new MemberRemoved(ACME, "user_grace", MemberRole.MEMBER, AT),
                new MemberPersonalDataErased(ACME, "user_grace", "user_ada", AT),
                new SlackUserPersonalDataErased(ACME, "U0BOB", "user_ada", AT),
                new TenantOffboarded(ACME, 2, AT),
                new MasterKeyRotated(ACME, List.of("00aa11bb22cc33dd"), "44ee55ff66007788", 2, AT),
                new SlackWorkspaceConnected(ACME, SLACK, "T0ACME", "Acme", "U0BOT",
                        List.of("app_mentions:read", "channels:history", "chat:write", "commands", "users:read"),
                        "sha256:0123456789abcdef01234567", "user_ada", AT),
                new GitHubAccountConnected(ACME, GITHUB, 1001, "ada", "sha256:89abcdef0123456789abcdef", "user_ada", AT),
                new GitHubRepositoryConnected(ACME, GITHUB, 7, "acme/runbooks", "user_ada", AT),
                new GitHubRepositoryDisconnected(ACME, GITHUB, 7, "acme/runbooks", "user_ada", AT),
                new IntegrationRevoked(ACME, SLACK, Provider.SLACK, RevocationReason.DISCONNECTED_BY_ADMIN,
                        "sha256:0123456789abcdef01234567", "user_ada", AT),
                new ProviderRevocationSucceeded(ACME, SLACK, Provider.SLACK, 1, AT),
                new ProviderRevocationFailed(ACME, GITHUB, Provider.GITHUB, 5, "GitHub's token deletion answered HTTP 500", AT),
                new SkillExtracted(ACME, SKILL, new SkillContent("deploy-the-api", "Deploy the API to production.",
                        "When a change is merged.", List.of("Merge to main.", "Watch the canary."), List.of("deploy")),
                        new SkillSource("T0ACME", "C0DEPLOY", "1764400002.000400", "1764400000.000100",
                                "https://acme.slack.com/archives/C0DEPLOY/p1764400000000100", "ab".repeat(32)),
                        "claude-sonnet-4-5", "skill-extraction/1", AT),
                new SkillCardPosted(ACME, SKILL, "C0DEPLOY", "1764400003.000500", AT),
                new SkillConfirmed(ACME, SKILL, "U0ADA", "Ada", AT),
                new SkillDiscarded(ACME, SKILL, "U0BOB", "Bob", AT),
                new SkillDecisionRefused(ACME, SKILL, "U0EVE", true, "only the listed approvers decide on skills", AT),
                new SkillSourceExpired(ACME, SKILL, AT),
                new GovernanceSettingChanged(ACME, "inboxMaxAge", "PT24H", "PT12H", 1, "user_ada", AT),
                new GovernanceChangeRefused(ACME, "U0EVE", "policy capture on", "not a workspace admin or listed approver", AT),
                new SignalRaised(ACME, SIGNAL, SignalKind.CONFLICT, SKILL.value(), "The proposed skill overlaps a confirmed one.",
                        "C0DEPLOY", "1764400000.000100", AT),
                new SignalDispatched(ACME, SIGNAL, "C0DEPLOY", "1764400009.000100", 2, AT),
                new SignalDeliveryFailed(ACME, SIGNAL, 1, "Slack's chat.postMessage answered HTTP 500", AT, AT),
                new SignalDeadLettered(ACME, SIGNAL, 5, "Slack's chat.postMessage answered HTTP 500", AT),
                new SignalAcknowledged(ACME, SIGNAL, "U0ADA", AT));
    }

    /**
     * An event without personal fields is stored exactly as its fixture. One with them is stored as its sealed
     * fixture ({@code .sealed.json}) up to the nonces and ciphertexts, which are fresh for every field.
     */
    @ParameterizedTest
    @MethodSource("currentEvents")
    void everyEventIsStoredAsItsGoldenFixture(Object event) throws IOException {
        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);
        boolean sealed = !PersonalFieldSealing.declaredIn(event.getClass()).isEmpty();
        String fixture = fixture(event.getClass().getSimpleName() + ".rev" + stored.getType().getRevision()
                + (sealed ? ".sealed.json" : ".json"));
        ObjectMapper json = new ObjectMapper();
        assertThat(withoutCiphertexts(json.readTree(stored.getData()))).isEqualTo(withoutCiphertexts(json.readTree(fixture)));
        assertThat(stored.getType().getName()).isEqualTo(event.getClass().getName());
        Object readBack = SERIALIZER.deserialize(stored);
        assertThat(readBack).as("reads back").isEqualTo(event);
    }

    /** The sealed fixtures open under the fixtures' data key, and the plaintext ones (events stored before sealing) still read. */
    @ParameterizedTest
    @MethodSource("currentEvents")
    void sealedAndPlaintextFixturesBothReadAsTheEvent(Object event) throws IOException {
        String type = event.getClass().getSimpleName();
        String revision = new AnnotationRevisionResolver().revisionOf(event.getClass());
        assertThat(read(event.getClass(), revision, fixture(type + ".rev" + revision + ".json"))).isEqualTo(event);
        if (!PersonalFieldSealing.declaredIn(event.getClass()).isEmpty()) {
            String sealed = fixture(type + ".rev" + revision + ".sealed.json");
            assertThat(sealed).doesNotContain("ada@acme.test", "\"Ada\"", "\"Bob\"", "acme.slack.com", "\"login\":\"ada\"");
            assertThat(read(event.getClass(), revision, sealed)).isEqualTo(event);
        }
    }

    @Test
    void aFieldWhoseDataKeyWasDestroyedReadsAsErased() throws IOException {
        FixedKeyCipher destroyed = new FixedKeyCipher();
        destroyed.destroy();
        Serializer erasing = JacksonSerializer.builder().objectMapper(EventStoreConfiguration.eventJson(destroyed))
                .revisionResolver(new AnnotationRevisionResolver()).build();

        MemberJoined joined = (MemberJoined) erasing.deserialize(new SimpleSerializedObject<>(
                fixture("MemberJoined.rev1.sealed.json").getBytes(StandardCharsets.UTF_8), byte[].class,
                MemberJoined.class.getName(), "1"));
        assertThat(joined).isEqualTo(new MemberJoined(ACME, "user_ada", PersonalFieldSealing.ERASED, MemberRole.ADMIN, AT));
        SkillExtracted extracted = (SkillExtracted) erasing.deserialize(new SimpleSerializedObject<>(
                fixture("SkillExtracted.rev1.sealed.json").getBytes(StandardCharsets.UTF_8), byte[].class,
                SkillExtracted.class.getName(), "1"));
        assertThat(extracted.source()).isNull();
        assertThat(extracted.skill().name()).isEqualTo("deploy-the-api");
    }

    @Test
    void aSealedFieldMovedToAnotherTenantOrSubjectDoesNotOpen() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String field : List.of("tenantId", "userId")) {
            var moved = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(fixture("MemberJoined.rev1.sealed.json"));
            moved.put(field, field.equals("tenantId") ? "9e9e9e9e-0d4a-4e7b-9c55-1a2b3c4d5e6f" : "user_eve");
            assertThatThrownBy(() -> read(MemberJoined.class, "1", moved.toString()))
                    .as(field).hasStackTraceContaining("does not open");
        }
    }

    private static Object read(Class<?> type, String revision, String stored) {
        return SERIALIZER.deserialize(new SimpleSerializedObject<>(stored.getBytes(StandardCharsets.UTF_8), byte[].class,
                type.getName(), revision));
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutCiphertexts(com.fasterxml.jackson.databind.JsonNode stored) {
        stored.forEach(value -> {
            if (PersonalFieldSealing.isSealed(value)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) value).put("nonce", "…").put("ciphertext", "…");
            }
        });
        return stored;
    }

    @Test
    void aRevisionOneSignInIsUpcastToRevisionTwoWithNoOrganization() throws IOException {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Tenant", ACME.value(), 2, "event-1",
                AT.toString(), MemberSignedIn.class.getName(), "1",
                fixture("MemberSignedIn.rev1.json").getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> upcast = new MemberSignedInUpcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, SERIALIZER))).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        MemberSignedIn event = SERIALIZER.deserialize(upcast.get(0).getData());
        assertThat(event).isEqualTo(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, AT));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = EventSchemaGoldenTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as("golden fixture events/" + name + " exists").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
