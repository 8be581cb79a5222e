package ai.crosslayer.ops.dashboard;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static ai.crosslayer.ops.testing.Integrations.putPolicyWhenCurrent;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser (issue 16): Debian's headless chromium, driven through chromedriver, against
 * the real service and the local Slack and Anthropic fakes. One service and one browser for every journey, in
 * order: sign in, connect Slack, change governance and meet a conflict, confirm a skill, remove a member, verify
 * the audit log and download an export, disconnect in one click. Every page visited is checked with axe-core
 * (no serious or critical violation) and photographed under {@code target/screenshots/}.
 *
 * <p>Skipped, saying why, where chromium or chromedriver is absent. The skill decision and member journeys
 * call the members routes ({@code POST /api/skills/{id}/decision}, {@code DELETE /api/members/{id}}) and are
 * skipped, saying so, while the service has none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String TEAM = "T0DASH";
    private static final String BOT = "U0DASHBOT";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path downloads;

    private static SlackFake slack;
    private static AnthropicFake anthropic;
    private static RunningService service;
    private static WebTestClient http;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no browser here: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        Files.createDirectories(SCREENSHOTS);
        slack = new SlackFake();
        anthropic = new AnthropicFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(TestPostgres.freshDatabase())
                .slack(slack)
                .anthropic(anthropic)
                .set("crosslayer.slack.authorize-url", slack.authorizeUrl())
                .set("crosslayer.provider-revocation.first-backoff", "PT0.05S")
                .start();
        http = service.http();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
            slack.close();
            anthropic.close();
        }
    }

    @Test
    @Order(1)
    void aSignedOutPersonSignsInAndLandsOnTheOverview() {
        open("/app");
        assertThat(path()).as("a page without a session sends to sign in").isEqualTo("/");
        assertThat(text("h1")).isEqualTo("Sign in to CrossLayer");
        assertThat(browser.findElement(By.linkText("Sign in with WorkOS")).getAttribute("href")).endsWith("/auth/login");
        check("sign-in");
        // No inline script may run, and no other site may frame the pages.
        http.get().uri("/").exchange().expectHeader().valueMatches("Content-Security-Policy",
                ".*script-src 'self';.*frame-ancestors 'none'.*");

        browser.findElement(By.id("email")).sendKeys("ada@dash.test");
        browser.findElement(By.cssSelector("form[action='/auth/dev-login'] button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "/app".equals(path()));
        assertThat(text("h1")).isEqualTo("dash.test");
        assertThat(text(".who")).contains("ada@dash.test", "ADMIN");
        assertThat(browser.findElements(By.cssSelector(".chart svg rect"))).as("the two charts have bars").isNotEmpty();
        check("overview");
    }

    @Test
    @Order(2)
    void anAdminConnectsSlackThroughTheInstallFlow() {
        slack.willInstall("code-dash", new SlackFake.Team(TEAM, "Dash Co", BOT));
        open("/app/integrations");
        browser.findElement(By.linkText("Connect Slack")).click();
        // Slack (the fake) approves and sends the browser back through the callback.
        await().atMost(Duration.ofSeconds(10)).until(() -> path().startsWith("/api/integrations/"));
        open("/app/integrations");
        WebElement row = browser.findElement(By.cssSelector("tr[data-integration]"));
        assertThat(row.getText()).contains("SLACK", "Dash Co", "T0DASH", "local_", "connected");
        check("integrations");
    }

    @Test
    @Order(3)
    void aGovernanceChangeMadeMeanwhileIsShownInsteadOfOverwritten() {
        open("/app/governance");
        assertThat(text("main")).contains("Revision 0");
        // Someone else changes the signal channel while this page is open.
        putPolicyWhenCurrent(http, session(), Map.of("signalChannel", "C0ELSEWHERE"));

        WebElement maxAge = browser.findElement(By.id("inboxMaxAge"));
        maxAge.clear();
        maxAge.sendKeys("PT12H");
        browser.findElement(By.cssSelector("#governance button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.cssSelector(".conflict")).isDisplayed());
        assertThat(text(".conflict")).contains("signalChannel: null → \"C0ELSEWHERE\"", "now revision 1");
        shoot("governance-conflict");
        axe("governance-conflict");

        // Loaded again (once the read model shows revision 1), the change is made on top of the other one.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            open("/app/governance");
            return text("main").contains("Revision 1");
        });
        assertThat(browser.findElement(By.id("signalChannel")).getAttribute("value")).isEqualTo("C0ELSEWHERE");
        maxAge = browser.findElement(By.id("inboxMaxAge"));
        maxAge.clear();
        maxAge.sendKeys("PT12H");
        browser.findElement(By.cssSelector("#governance button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            open("/app/governance");
            return text("main").contains("Revision 2");
        });
        assertThat(browser.findElement(By.id("inboxMaxAge")).getAttribute("value")).isEqualTo("PT12H");
        assertThat(browser.findElement(By.id("signalChannel")).getAttribute("value")).isEqualTo("C0ELSEWHERE");
        check("governance");
    }

    @Test
    @Order(4)
    void anAdminFindsAProposedSkillAndConfirmsIt() {
        String thread = "1764500000.000100";
        slack.thread("C0DASH", thread, List.of(
                "{\"user\":\"U0ADA\",\"text\":\"How do we rotate the dashboard key?\",\"ts\":\"" + thread + "\"}",
                "{\"user\":\"U0BOB\",\"text\":\"Run keys rotate, then restart each node one by one.\",\"ts\":\"1764500001.000200\"}"));
        anthropic.on("Run keys rotate, then restart").answers(Map.of("found", true, "name", "rotate-the-dashboard-key",
                "description", "Rotate the dashboard's signing key without downtime.",
                "when_to_use", "When the key is due or may have leaked.",
                "steps", List.of("Run keys rotate.", "Restart each node one by one."), "tags", List.of("keys")));
        SlackInbound.send(http, mention("Ev0DASH1", thread))
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            open("/app/skills?q=rotate");
            return !browser.findElements(By.linkText("rotate-the-dashboard-key")).isEmpty();
        });
        check("skills");
        browser.findElement(By.linkText("rotate-the-dashboard-key")).click();
        assertThat(text("#skill-status")).isEqualTo("proposed");
        assertThat(browser.findElement(By.linkText("Download SKILL.md")).getAttribute("href")).endsWith("/skill.md");
        assertThat(browser.findElement(By.linkText("The conversation it came from")).getAttribute("href")).contains("C0DASH");
        check("skill");

        assumeTrue(membersRoutesPresent(), "POST /api/skills/{id}/decision is built on branch 'members': run after the merge");
        String skillPage = path();
        browser.findElement(By.xpath("//button[text()='Confirm']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            open(skillPage);
            return "confirmed".equals(text("#skill-status"));
        });
        assertThat(text("main")).contains("decided by");
    }

    @Test
    @Order(5)
    void anAdminRemovesAMemberWhoseSessionEndsAtOnce() {
        String bob = devLogin(http, "bob@dash.test");
        assumeTrue(membersRoutesPresent(), "DELETE /api/members/{id} is built on branch 'members': run after the merge");
        open("/app/members");
        assertThat(text("table")).contains("bob@dash.test", "MEMBER");
        check("members");
        browser.findElement(By.xpath("//button[text()='Remove bob@dash.test']")).click();
        browser.switchTo().alert().accept();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            open("/app/members");
            return !text("table").contains("bob@dash.test");
        });
        http.get().uri("/api/me").cookie("crosslayer_session", bob).exchange().expectStatus().isUnauthorized();
    }

    @Test
    @Order(6)
    void theAuditLogVerifiesAndDownloadsAsAnExport() throws IOException {
        open("/app/audit");
        assertThat(text("table")).contains("tenant.created", "integration.slack_workspace_connected");
        assertThat(browser.findElements(By.cssSelector("table td span"))).as("actors by their members' emails")
                .anyMatch(actor -> actor.getText().equals("ada@dash.test"));
        check("audit");
        browser.findElement(By.id("verify")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text("#verify-result").contains("\"valid\" : true")
                || text("#verify-result").contains("\"valid\": true"));
        shoot("audit-verified");

        browser.findElement(By.cssSelector("table a")).click();
        assertThat(text("h1")).startsWith("Event 1");
        assertThat(text("pre.record")).contains("\"stored\"", "\"hash\"", "\"prevHash\"");
        check("audit-event");

        open("/app/audit");
        browser.findElement(By.linkText("Export NDJSON")).click();
        Path[] export = new Path[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                export[0] = files.filter(f -> f.toString().endsWith(".ndjson")).findFirst().orElse(null);
            }
            return export[0] != null;
        });
        List<String> lines = Files.readAllLines(export[0], StandardCharsets.UTF_8);
        assertThat(lines.get(0)).contains("\"record\":\"export\"");
        assertThat(lines).anyMatch(line -> line.contains("\"action\":\"tenant.created\""));
        assertThat(lines.get(lines.size() - 1)).contains("\"record\":\"checkpoint\"");

        // The overview now that the tenant has a history (the README's picture).
        open("/app");
        assertThat(text("main")).contains("SLACK Dash Co: connected");
        assertThat(text("#h-members + .figure")).as("members, read in the tenant's transaction").isNotEqualTo("0");
        assertThat(text("#h-skills + dl")).as("the skill of the fourth journey").containsPattern("(proposed|confirmed)\\s+1");
        check("overview-with-history");
    }

    @Test
    @Order(7)
    void anAdminDisconnectsSlackInOneClickAndSeesTheProviderRevoke() {
        open("/app/integrations");
        browser.findElement(By.xpath("//button[text()='Disconnect Dash Co']")).click();
        assertThat(browser.switchTo().alert().getText()).contains("Disconnect SLACK Dash Co?");
        browser.switchTo().alert().accept();
        // The page follows the outcome as it arrives, without a reload.
        await().atMost(Duration.ofSeconds(30)).until(() -> text("tr[data-integration] .revocation").equals("succeeded"));
        assertThat(text("tr[data-integration] .status")).isEqualTo("revoked");
        assertThat(text(".live")).isEqualTo("Provider revocation: succeeded");
        assertThat(slack.revokedTokens()).hasSize(1);
        check("integrations-disconnected");
    }

    private static SlackInbound.Callback mention(String eventId, String thread) {
        return SlackInbound.appMention(TEAM, eventId, "C0DASH", "U0ADA", "<@" + BOT + "> capture this", "1764500002.000300")
                .inThread(thread).toBot(BOT);
    }

    /** Whether this build has the members routes (branch 'members'): GET /api/members answers. */
    private static boolean membersRoutesPresent() {
        return http.get().uri("/api/members").cookie("crosslayer_session", session()).exchange()
                .returnResult(Void.class).getStatus().is2xxSuccessful();
    }

    /** The browser's session cookie. */
    private static String session() {
        return Objects.requireNonNull(browser.manage().getCookieNamed("crosslayer_session"), "signed in").getValue();
    }

    private static void open(String path) {
        browser.get(service.baseUrl() + path);
    }

    private static String path() {
        return java.net.URI.create(browser.getCurrentUrl()).getPath();
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** A screenshot, the accessibility check and the layout check of the page as it is now. */
    private static void check(String name) {
        shoot(name);
        axe(name);
        Object wider = browser.executeScript(WIDER_THAN_THE_WINDOW);
        assertThat(wider).as("elements wider than the window on the " + name + " page").isEqualTo("");
    }

    /** The first five elements that reach past the window's right edge (a page that scrolls sideways). */
    private static final String WIDER_THAN_THE_WINDOW = """
            var width = document.documentElement.clientWidth;
            return Array.prototype.filter.call(document.querySelectorAll('body *'), function (e) {
                return e.getBoundingClientRect().right > width + 1;
            }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className; }).join(', ');""";

    private static void shoot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe-core in the page; fails on any serious or critical violation, naming it and where. */
    private static void axe(String page) {
        browser.executeScript(AXE);
        Object result = browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                    .then(function (r) { done(JSON.stringify(r.violations)); })
                    .catch(function (e) { done(JSON.stringify([{impact: 'critical', id: 'axe-failed', help: String(e), nodes: []}])); });""");
        List<String> serious = new ArrayList<>();
        try {
            for (JsonNode violation : JSON.readTree(String.valueOf(result))) {
                String impact = violation.path("impact").asText();
                if ("serious".equals(impact) || "critical".equals(impact)) {
                    List<String> where = new ArrayList<>();
                    violation.path("nodes").forEach(node -> where.add(node.path("target").toString()));
                    serious.add(impact + " " + violation.path("id").asText() + ": " + violation.path("help").asText() + " at " + where);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(serious).as("axe-core on the " + page + " page").isEmpty();
    }

    private static final String AXE = axeSource();

    private static String axeSource() {
        try (InputStream in = DashboardBrowserIT.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(Objects.requireNonNull(in, "axe-core test resource").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
