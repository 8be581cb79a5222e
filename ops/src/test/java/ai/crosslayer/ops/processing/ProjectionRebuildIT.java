package ai.crosslayer.ops.processing;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 3: {@code rebuild} replays a projection into shadow tables beside the live ones, which keep
 * serving, and swaps them in at once; an interrupted rebuild continues where it stopped.
 */
class ProjectionRebuildIT {

    private static final String MEMBERS = "SELECT email FROM tenant_directory_member ORDER BY email";
    private static final String SIGN_INS = "SELECT email || ' ' || last_signed_in_at FROM tenant_directory_member ORDER BY email";

    @TempDir
    Path dataDir;

    @Test
    void aRebuildRestoresTheReadModelOnlineAndResumesAfterAnInterruption() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .start()) {
            WebTestClient http = service.http();
            String ada = devLogin(http, "ada@rebuild.test");
            for (String who : List.of("bob@rebuild.test", "carol@rebuild.test", "dave@elsewhere.test", "ada@rebuild.test")) {
                devLogin(http, who);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> owner.queryForList(MEMBERS, String.class).size() == 4);
            // Sign-ins with nothing else between them: the rebuild writes them as one merged statement.
            OffsetDateTime before = owner.queryForObject("SELECT now()", OffsetDateTime.class);
            for (String who : List.of("bob@rebuild.test", "carol@rebuild.test", "ada@rebuild.test")) {
                devLogin(http, who);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> owner.queryForObject("SELECT count(*) FROM "
                    + "tenant_directory_member WHERE last_signed_in_at > ?", Integer.class, before) == 3);
            List<String> correct = owner.queryForList(MEMBERS, String.class);
            List<String> signIns = owner.queryForList(SIGN_INS, String.class);
            List<String> indexes = owner.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                    + "AND tablename LIKE 'tenant_directory%' ORDER BY indexname", String.class);
            // A read model gone wrong: a member lost.
            owner.update("DELETE FROM tenant_directory_member WHERE email = 'carol@rebuild.test'");

            ProjectionRebuild rebuild = service.bean(ProjectionRebuild.class);
            assertThat(rebuild.projections().keySet()).contains("tenant-directory", "integration-catalog",
                    "skill-catalog", "governance-policy", "signal-board").doesNotContain("signal-triggers");

            // Interrupted after its first batch: what it built is kept, the live model is untouched.
            rebuild.pageSize = 3;
            rebuild.settledAfter = Duration.ZERO;
            rebuild.progressEveryNanos = 0;
            assertThatThrownBy(() -> rebuild.rebuild("tenant-directory", line -> {
                throw new IllegalStateException("the operator's process died");
            })).hasMessageContaining("died");
            long stoppedAt = owner.queryForObject("SELECT position FROM projection_rebuild "
                    + "WHERE processing_group = 'tenant-directory'", Long.class);
            assertThat(stoppedAt).isPositive();
            assertThat(owner.queryForObject("SELECT count(*) FROM crosslayer_rebuild.tenant_directory", Integer.class)).isOne();
            assertThat(owner.queryForList(MEMBERS, String.class)).doesNotContain("carol@rebuild.test");

            rebuild.pageSize = 100;
            List<String> progress = new ArrayList<>();
            ProjectionRebuild.Report report = rebuild.rebuild("tenant-directory", progress::add);

            long total = owner.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            assertThat(report.events()).as("continued after the stored position").isEqualTo(total - 3);
            assertThat(progress).allMatch(line -> line.matches("rebuild tenant-directory: at event .* events/s, ETA .*"));
            assertThat(owner.queryForList(MEMBERS, String.class)).isEqualTo(correct);
            assertThat(owner.queryForList(SIGN_INS, String.class)).as("every member's last sign-in").isEqualTo(signIns);
            assertThat(owner.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                    + "AND tablename LIKE 'tenant_directory%' ORDER BY indexname", String.class)).isEqualTo(indexes);
            assertThat(owner.queryForList("SELECT relname FROM pg_class WHERE relname LIKE 'tenant_directory%' "
                    + "AND relkind = 'r' AND relrowsecurity AND relforcerowsecurity", String.class))
                    .containsExactlyInAnyOrder("tenant_directory", "tenant_directory_member");
            assertThat(Set.copyOf(owner.queryForList("SELECT tablename || ':' || policyname FROM pg_policies "
                    + "WHERE tablename LIKE 'tenant_directory%'", String.class)))
                    .containsExactlyInAnyOrder("tenant_directory:tenant_directory_own",
                            "tenant_directory_member:tenant_directory_member_own");
            assertThat(owner.queryForObject("SELECT count(*) FROM projection_rebuild", Integer.class)).isZero();
            assertThat(owner.queryForObject("SELECT count(*) FROM information_schema.tables "
                    + "WHERE table_schema = 'crosslayer_rebuild'", Integer.class)).isZero();

            // The service reads the swapped-in tables, under its own role, and its processor keeps writing them.
            assertThat(me(http, ada).path("email").asText()).isEqualTo("ada@rebuild.test");
            devLogin(http, "erin@rebuild.test");
            await().atMost(Duration.ofSeconds(20)).until(() -> owner.queryForList(MEMBERS, String.class)
                    .contains("erin@rebuild.test"));
        }
    }
}
