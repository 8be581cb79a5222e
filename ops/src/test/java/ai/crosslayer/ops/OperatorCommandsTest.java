package ai.crosslayer.ops;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's CLI explains itself without starting the service or a database (issue 17.4): these run in a
 * plain unit test, where no database is configured and none is started.
 */
class OperatorCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsEveryCommandWithALineEach() {
        for (String help : new String[]{"help", "--help", "-h"}) {
            assertThat(OperatorCommands.isCommand(new String[]{help})).isTrue();
            assertThat(run(help)).isZero();
            for (OperatorCommands.Command command : OperatorCommands.COMMANDS) {
                assertThat(out()).containsOnlyOnce("  " + command.name() + " ")
                        .contains(command.summary());
            }
        }
        assertThat(OperatorCommands.COMMANDS).extracting(OperatorCommands.Command::name)
                .contains("audit export", "audit verify", "keys checkpoint", "keys rotate", "help");
    }

    @Test
    void helpAboutOneCommandGivesItsUsageAndMore() {
        assertThat(run("help", "keys", "rotate")).isZero();
        assertThat(out()).contains("java -jar crosslayer.jar keys rotate [--batch-size <n>]",
                "CROSSLAYER_MASTER_KEY_PREVIOUS").doesNotContain("keys checkpoint");
        assertThat(run("help", "keys")).isZero();
        assertThat(out()).contains("keys rotate", "keys checkpoint").doesNotContain("audit");
    }

    @Test
    void anUnknownCommandIsSaidToBeSoAndExitsTwoWithoutStartingTheService() {
        assertThat(OperatorCommands.isCommand(new String[]{"frobnicate"})).isTrue();
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("Unknown command 'frobnicate'.").contains("Usage:", "keys rotate");
        assertThat(run("help", "shred")).isEqualTo(2);
        assertThat(err()).startsWith("Unknown command 'shred'.");
    }

    @Test
    void membersEraseNamesWhatIsMissingBeforeStartingAnything() {
        assertThat(run("members", "erase", "--user", "local_00000000000000000000000000000000")).isEqualTo(2);
        assertThat(err()).startsWith("--tenant is required.");
        assertThat(run("members", "erase", "--tenant", "3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f")).isEqualTo(2);
        assertThat(err()).startsWith("--user is required.");
        assertThat(run("help", "members", "erase")).isZero();
        assertThat(out()).contains("--tenant <id> --user <id>", "--slack-user <Slack user id>", "cannot be undone");
    }

    @Test
    void membersEraseOfASlackUserRefusesAnIdThatIsNotOneBeforeStartingAnything() {
        String tenant = "3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f";
        assertThat(run("members", "erase", "--tenant", tenant, "--slack-user", "local_0000")).isEqualTo(2);
        assertThat(err()).startsWith("--slack-user: A Slack user id is U (or W)");
        assertThat(run("members", "erase", "--tenant", tenant, "--slack-user", "U0BOB", "--user", "local_0000")).isEqualTo(2);
        assertThat(err()).startsWith("Give --user or --slack-user, not both.");
    }

    @Test
    void springOptionsAloneStartTheService() {
        assertThat(OperatorCommands.isCommand(new String[0])).isFalse();
        assertThat(OperatorCommands.isCommand(new String[]{"--server.port=8081"})).isFalse();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new OperatorCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
