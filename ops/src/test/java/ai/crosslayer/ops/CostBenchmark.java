package ai.crosslayer.ops;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.tenant.app.TenantPlacement;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.audit.AuditBenchmark;
import ai.crosslayer.ops.processing.ProcessorLag;
import ai.crosslayer.ops.skill.SlackIntakeBenchmark;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.ServiceSchema;
import ai.crosslayer.query.audit.AuditPublicKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ai.crosslayer.ops.testing.Integrations.putPolicyWhenCurrent;
import static ai.crosslayer.ops.testing.Integrations.readPolicy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's benchmark suite: what commands and projections cost as history grows, side by side with stock
 * Axon 4.13 (JDBC store, tracking processor, jOOQ handler, batch 1 and 100) on the same PostgreSQL in the
 * same run. Prints one table and writes it to {@code ops/target/benchmark/cost.md}. It asserts correctness
 * only, never speed. Not part of the test command (its name matches neither Surefire's nor Failsafe's
 * patterns); run it with the README's benchmark command.
 */
class CostBenchmark {

    private static final int TENANTS = Integer.getInteger("cost.benchmark.tenants", 100);
    private static final int EVENTS = Integer.getInteger("cost.benchmark.events", 1_000_000);
    private static final int MEMBERS = 500;
    private static final int PEER_EVENTS = Integer.getInteger("cost.benchmark.peer-events", 200_000);
    private static final int PEER_EVENTS_BATCH_1 = Integer.getInteger("cost.benchmark.peer-events-batch-1", 10_000);
    private static final int LARGE_TENANT = Integer.getInteger("cost.benchmark.large-tenant-events", 100_000);
    private static final int SIGN_INS = Integer.getInteger("cost.benchmark.sign-ins", 200);
    private static final int COMMANDS = Integer.getInteger("cost.benchmark.commands", 200);
    private static final int CLIENTS = 8;
    private static final int EXPORT_EVENTS = Integer.getInteger("cost.benchmark.export-events", 1_000_000);
    private static final String EXPORTED_TENANT = "eeeeeeee-0000-4000-8000-00000000b14c";
    private static final int SLACK_SECONDS = Integer.getInteger("cost.benchmark.slack-seconds", 20);
    /** Which parts run ({@code cost.benchmark.only}, comma-separated); all by default. */
    private static final Set<String> SECTIONS = Set.of(System.getProperty("cost.benchmark.only",
            "replay,sign-in,commands,append,export,slack,rebuild,peer").split(","));
    private static final List<String> PROCESSORS = List.of("tenant-directory", "integration-catalog", "skill-catalog",
            "governance-policy", "signal-board", "signal-triggers");

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void costTable() throws Exception {
        note("load average at the start: %s", loadAverage());
        TestPostgres.Database ours = TestPostgres.freshDatabase();
        DataSource owner = ours.dataSource();
        ServiceSchema.flyway(owner).migrate();
        JdbcTemplate sql = new JdbcTemplate(owner);
        if (runs("replay") || runs("rebuild")) {
            long seedStart = System.nanoTime();
            seed(sql, "domain_event_entry", true, EVENTS);
            note("seeded %,d chained events (%d tenants) in %.0f s", EVENTS, TENANTS, seconds(seedStart));
            // The processors start at the head: the history is the replay's to measure, not the start-up's.
            startAtHead(sql, head(sql));
        }
        if (runs("slack")) {
            // First: a service of its own, which cannot start in this JVM once the rebuild command has stopped
            // the Reactor Netty resources it shares.
            Map<Integer, SlackIntakeBenchmark.Acks> acks = SlackIntakeBenchmark.ackLatencies(dataDir.resolve("slack"),
                    SLACK_SECONDS, 50, 200, 400);
            acks.forEach((rate, got) -> rows.add(row(String.format(Locale.ROOT,
                    "Slack ack (signed `POST /slack/events` to 200, inbox committed), %d events/s for %d s", rate, SLACK_SECONDS),
                    got.toString(), "", "")));
            write();
        }
        double replay = 0;
        double rebuild = 0;
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(ours)
                .start()) {
            ProcessorLag lag = service.bean(ProcessorLag.class);
            if (runs("replay")) {
                String load = loadAverage();
                replay = replayFromScratch(service, lag, head(sql));
                assertThat(sql.queryForObject("SELECT count(*) FROM tenant_directory_member WHERE last_signed_in_at IS NOT NULL",
                        Long.class)).isEqualTo((long) TENANTS * signedInMembers(EVENTS));
                note("projection replay, tenant-directory from scratch: %,d events at %,.0f events/s (load average before: %s)",
                        EVENTS, replay, load);
                write();
            }
            if (runs("sign-in")) {
                signIns(service, sql);
                write();
            }
            if (runs("commands")) {
                commands(service);
                write();
            }
            if (runs("append")) {
                double[] append = AuditBenchmark.appendUnchainedAndChained(sql);
                rows.add(row("append with the audit chain (one statement of 50,000 events) vs the same table without it",
                        rate(append[1]), "without the chain: " + rate(append[0]), ratio(append[1] / append[0])));
                write();
            }
            if (runs("export")) {
                AuditBenchmark.insert(sql, "domain_event_entry", EXPORTED_TENANT, EXPORT_EVENTS);
                for (AuditBenchmark.Measured measured : AuditBenchmark.exportAndVerify(owner, EXPORTED_TENANT,
                        EXPORT_EVENTS, service.bean(AuditPublicKey.class).trusted())) {
                    rows.add(row(String.format(Locale.ROOT, "audit %s, one tenant of %,d events (peak heap %d MB)",
                            measured.what(), measured.events(), measured.peakHeapMb()), rate(measured.eventsPerSecond()), "", ""));
                }
                write();
            }
            if (runs("rebuild")) {
                // Last: the command's own Spring context shares this JVM's Reactor Netty resources and stops them.
                rebuild = rebuildWithTheOperatorCommand(ours, sql.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class));
                write();
            }
        }
        if (runs("peer")) {
            double peer100 = peer(100, PEER_EVENTS);
            rows.add(row("stock Axon peer, tracking processor, batch 100, " + String.format("%,d", PEER_EVENTS) + " events",
                    "", rate(peer100), ""));
            write();
            double peer1 = peer(1, PEER_EVENTS_BATCH_1);
            rows.add(row("stock Axon peer, tracking processor, batch 1, " + String.format("%,d", PEER_EVENTS_BATCH_1)
                    + " events", "", rate(peer1), ""));
            double best = Math.max(peer1, peer100);
            if (replay > 0) {
                rows.add(row("projection replay, `tenant-directory` from scratch (reset), " + String.format("%,d", EVENTS)
                        + " events, 4 segments, batch 500", rate(replay), rate(best) + " (best of batch 1 / 100)",
                        ratio(replay / best)));
            }
            if (rebuild > 0) {
                rows.add(row("`rebuild tenant-directory` via the operator command, from scratch into shadow tables, "
                        + "every event stored by then (the command's own rate)", rate(rebuild), rate(best), ratio(rebuild / best)));
            }
        }
        note("load average at the end: %s", loadAverage());
        write();
    }

    private static boolean runs(String section) {
        return SECTIONS.contains(section);
    }

    /** The 1, 5 and 15 minute load averages: the machine is shared, so the absolute numbers are noisy. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f (1 min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    // --- sign-in: flat aggregate load cost ---------------------------------------------------------------

    private void signIns(RunningService service, JdbcTemplate sql) {
        WebTestClient http = service.http();
        Cache cache = service.bean(Cache.class);
        TenantPlacement placement = service.bean(TenantPlacement.class);
        String smallAdaId = me(http, devLogin(http, "ada@small.bench")).path("userId").asText();
        for (int i = 0; i < 96; i++) {
            devLogin(http, "ada@small.bench");
        }
        String largeAdaId = me(http, devLogin(http, "ada@large.bench")).path("userId").asText();
        String large = sql.queryForObject("SELECT tenant_id FROM tenant_directory WHERE name = 'large.bench'", String.class);
        String small = sql.queryForObject("SELECT tenant_id FROM tenant_directory WHERE name = 'small.bench'", String.class);
        long seed = System.nanoTime();
        sql.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, sequence_number, "
                + "type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                + "SELECT ?, gen_random_uuid()::text, ?, (SELECT max(sequence_number) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?) + n, 'Tenant', '2026-11-29T08:00:00Z', "
                + "'ai.crosslayer.kernel.tenant.MemberSignedIn', '2', convert_to(json_build_object('tenantId', ?::text, "
                + "'userId', ?::text, 'method', 'LOCAL_DEV', 'organizationId', null, "
                + "'signedInAt', '2026-11-29T08:00:00Z')::text, 'UTF8'), convert_to('{}', 'UTF8') "
                + "FROM generate_series(1, ?) AS n", large, large, large, large, largeAdaId, LARGE_TENANT);
        note("seeded %,d sign-ins into tenant large.bench in %.1f s", LARGE_TENANT, seconds(seed));
        cache.removeAll();
        long smallEvents = events(sql, small);
        long largeEvents = events(sql, large);
        VerifiedIdentity smallAda = new VerifiedIdentity(smallAdaId, "ada@small.bench", true, null, SignInMethod.LOCAL_DEV);
        VerifiedIdentity largeAda = new VerifiedIdentity(largeAdaId, "ada@large.bench", true, null, SignInMethod.LOCAL_DEV);
        long firstLoad = System.nanoTime();
        // Without HTTP: on a busy machine this one load can outlast the test client's response timeout.
        placement.signIn(largeAda);
        note("the first sign-in after that replayed all %,d events (no snapshot yet): %.0f ms", largeEvents,
                (System.nanoTime() - firstLoad) / 1e6);
        await().atMost(Duration.ofMinutes(2)).until(() -> sql.queryForObject(
                "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Integer.class, large) > 0);
        ProcessorLag lag = service.bean(ProcessorLag.class);
        long seeded = head(sql);
        PROCESSORS.forEach(processor -> awaitCaughtUp(lag, seeded, processor));

        for (boolean cold : new boolean[]{false, true}) {
            String mode = cold ? "aggregate cache emptied before each (snapshot + newer events)" : "cached aggregate";
            Latencies[] http2 = interleaved(cache, cold, () -> devLogin(http, "ada@small.bench"),
                    () -> devLogin(http, "ada@large.bench"));
            rows.add(row(String.format("sign-in over HTTP (`POST /auth/dev-login`), %s: tenant of %,d events vs %,d events",
                    mode, smallEvents, largeEvents), http2[1].summary(), "small: " + http2[0].summary(),
                    ratio(http2[1].p50() / http2[0].p50()) + " (p50, large/small)"));
            Latencies[] direct = interleaved(cache, cold, () -> placement.signIn(smallAda), () -> placement.signIn(largeAda));
            rows.add(row(String.format("sign-in without HTTP (`TenantPlacement.signIn`), %s: %,d vs %,d events", mode,
                    smallEvents, largeEvents), direct[1].summary(), "small: " + direct[0].summary(),
                    ratio(direct[1].p50() / direct[0].p50()) + " (p50, large/small)"));
        }
    }

    // --- the command path at 1 and 8 tenants: sign-in and governance change, over HTTP and without ------------

    private void commands(RunningService service) throws Exception {
        WebTestClient http = service.http();
        TenantPlacement placement = service.bean(TenantPlacement.class);
        CommandGateway gateway = service.bean(CommandGateway.class);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String email = "ada@commands" + i + ".bench";
            String session = devLogin(http, email);
            JsonNode who = me(http, session);
            TenantId tenant = new TenantId(who.path("tenantId").asText());
            VerifiedIdentity identity = new VerifiedIdentity(who.path("userId").asText(), email, true, null, SignInMethod.LOCAL_DEV);
            // The first change waits for the read model (409 while it trails); the revision is counted from there.
            int revision = putPolicyWhenCurrent(http, session, Map.of("passiveCaptureChannels", List.of())).path("revision").asInt();
            clients.add(new Client(email, session, tenant, identity, new int[]{revision}));
        }
        ObjectNode policy = readPolicy(http, clients.get(0).session());

        commandRow("sign-in over HTTP (`POST /auth/dev-login`)", clients, client -> devLogin(http, client.email()));
        commandRow("sign-in without HTTP (`TenantPlacement.signIn`)", clients, client -> placement.signIn(client.identity()));
        commandRow("governance change over HTTP (`PUT /api/governance`)", clients, client -> {
            ObjectNode body = policy.deepCopy();
            body.put("revision", client.revision()[0]);
            ((ObjectNode) body.path("settings")).set("passiveCaptureChannels",
                    body.arrayNode().add("C0BENCH" + client.revision()[0]));
            JsonNode answer = http.put().uri("/api/governance").cookie("crosslayer_session", client.session())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString()).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            client.revision()[0] = answer.path("revision").asInt();
        });
        commandRow("governance change without HTTP (`ChangeGovernanceCommand` through the command gateway)", clients,
                client -> client.revision()[0] = TenantScope.call(client.tenant(), () -> gateway.<Integer>sendAndWait(
                        new ChangeGovernanceCommand(client.tenant(), GovernanceSettings.fromText(Map.of(
                                "passiveCaptureChannels", "C0BENCH" + client.revision()[0])), client.revision()[0],
                                client.identity().userId(), Instant.now()),
                        AuditContext.of(client.tenant(), client.identity().userId(), AuditContext.Source.DASHBOARD))));
    }

    /** A benchmark client: a tenant's admin, and the policy revision it last saw. */
    private record Client(String email, String session, TenantId tenant, VerifiedIdentity identity, int[] revision) {
    }

    /**
     * {@link #COMMANDS} commands by one client on one tenant, then by {@link #CLIENTS} clients at once, each on its
     * own tenant: one row with both (p50/p99 latency and throughput), the ratio of the p50s.
     */
    private void commandRow(String what, List<Client> clients, Consumer<Client> command) throws Exception {
        Client first = clients.get(0);
        for (int i = 0; i < 20; i++) {
            command.accept(first);
        }
        Latencies one = new Latencies(COMMANDS);
        long start = System.nanoTime();
        for (int i = 0; i < COMMANDS; i++) {
            one.time(() -> command.accept(first));
        }
        double oneRate = COMMANDS / seconds(start);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Latencies>> runs = new ArrayList<>();
            long eightStart = System.nanoTime();
            for (Client client : clients) {
                runs.add(pool.submit(() -> {
                    Latencies times = new Latencies(COMMANDS);
                    for (int i = 0; i < COMMANDS; i++) {
                        times.time(() -> command.accept(client));
                    }
                    return times;
                }));
            }
            Latencies eight = new Latencies(COMMANDS * CLIENTS);
            for (Future<Latencies> run : runs) {
                eight.addAll(run.get());
            }
            double eightRate = COMMANDS * CLIENTS / seconds(eightStart);
            rows.add(row(what + String.format(Locale.ROOT, ", %d per client: 1 tenant, then %d tenants at once", COMMANDS, CLIENTS),
                    String.format(Locale.ROOT, "1: %s, %.0f/s; %d: %s, %.0f/s", one.summary(), oneRate, CLIENTS,
                            eight.summary(), eightRate), "", ratio(eight.p50() / one.p50()) + " (p50, 8 tenants / 1)"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sign-ins on the small and the large tenant in turn, so both meet the same noise. */
    private Latencies[] interleaved(Cache cache, boolean cold, Runnable small, Runnable large) {
        for (int i = 0; i < 20; i++) {
            small.run();
            large.run();
        }
        Latencies smallTimes = new Latencies(SIGN_INS);
        Latencies largeTimes = new Latencies(SIGN_INS);
        for (int i = 0; i < SIGN_INS; i++) {
            if (cold) {
                cache.removeAll();
            }
            smallTimes.time(small);
            if (cold) {
                cache.removeAll();
            }
            largeTimes.time(large);
        }
        return new Latencies[]{smallTimes, largeTimes};
    }

    private static final class Latencies {
        private final long[] nanos;
        private int count;

        Latencies(int size) {
            nanos = new long[size];
        }

        void time(Runnable work) {
            long start = System.nanoTime();
            work.run();
            nanos[count++] = System.nanoTime() - start;
        }

        void addAll(Latencies other) {
            System.arraycopy(other.nanos, 0, nanos, count, other.count);
            count += other.count;
        }

        double p50() {
            return percentile(0.50);
        }

        double percentile(double p) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e6;
        }

        String summary() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", p50(), percentile(0.99));
        }
    }

    // --- projection replay, rebuild ---------------------------------------------------------------------

    /** Tokens of every processor's four segments at {@code head}, as if they had handled the seeded history. */
    private static void startAtHead(JdbcTemplate sql, long head) {
        for (String processor : PROCESSORS) {
            for (int segment = 0; segment < 4; segment++) {
                sql.update("INSERT INTO token_entry (processor_name, segment, token, token_type, time_stamp) "
                        + "VALUES (?, ?, convert_to(?, 'UTF8'), 'org.axonframework.eventhandling.GapAwareTrackingToken', ?)",
                        processor, segment, "{\"index\":" + head + ",\"gaps\":[]}", Instant.now().toString());
            }
        }
    }

    private double replayFromScratch(RunningService service, ProcessorLag lag, long head) {
        StreamingEventProcessor directory = service.bean(EventProcessingConfiguration.class)
                .eventProcessor("tenant-directory", StreamingEventProcessor.class).orElseThrow();
        directory.shutDown();
        directory.resetTokens();
        long start = System.nanoTime();
        directory.start();
        awaitCaughtUp(lag, head, "tenant-directory");
        return EVENTS / seconds(start);
    }

    /** {@code java -jar crosslayer.jar rebuild tenant-directory}, beside the running service, as an operator would. */
    private double rebuildWithTheOperatorCommand(TestPostgres.Database database, long events) {
        String[][] settings = {{"spring.profiles.active", "local"}, {"CROSSLAYER_DATA_DIR", dataDir.toString()},
                {"CROSSLAYER_DATABASE_URL", database.url()}, {"CROSSLAYER_DATABASE_USER", database.user()},
                {"CROSSLAYER_DATABASE_PASSWORD", database.password() == null ? "" : database.password()},
                {"CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD},
                {"CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD}, {"server.port", "0"}};
        for (String[] setting : settings) {
            System.setProperty(setting[0], setting[1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new OperatorCommands(o, e).run(new String[]{"rebuild", "tenant-directory"});
        } finally {
            for (String[] setting : settings) {
                System.clearProperty(setting[0]);
            }
        }
        double seconds = seconds(start);
        String output = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        notes.add("`java -jar crosslayer.jar rebuild tenant-directory` on the " + String.format("%,d", events)
                + " events stored by then, beside the running service (exit " + exit + ", " + String.format("%.0f", seconds)
                + " s including the command's start):\n\n```\n" + output.strip() + "\n```");
        System.out.println(output);
        assertThat(exit).isZero();
        Matcher rebuilt = Pattern.compile("Rebuilt tenant-directory: ([\\d,]+) events in ([\\d.]+) s").matcher(output);
        assertThat(rebuilt.find()).as("the command's report line").isTrue();
        return Long.parseLong(rebuilt.group(1).replace(",", "")) / Double.parseDouble(rebuilt.group(2));
    }

    // --- the stock Axon peer ------------------------------------------------------------------------------

    /** Stock Axon 4.13 on a database of its own on the same server: default JDBC schema, one tracking processor. */
    private double peer(int batchSize, int events) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        DataSource dataSource = database.dataSource();
        DataSourceTransactionManager spring = new DataSourceTransactionManager(dataSource);
        SpringTransactionManager transactions = new SpringTransactionManager(spring);
        SpringDataSourceConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()).build();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder().connectionProvider(connections)
                .transactionManager(transactions).snapshotSerializer(serializer).eventSerializer(serializer).build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        JdbcTokenStore tokens = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).build();
        tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        sql.execute("CREATE TABLE tenant_directory (tenant_id VARCHAR(36) PRIMARY KEY, name VARCHAR(255) NOT NULL, "
                + "workos_organization_id VARCHAR(255), email_domain VARCHAR(255), created_at TIMESTAMPTZ NOT NULL)");
        sql.execute("CREATE TABLE tenant_directory_member (tenant_id VARCHAR(36) NOT NULL REFERENCES tenant_directory, "
                + "user_id VARCHAR(255) NOT NULL, email VARCHAR(254) NOT NULL, role VARCHAR(16) NOT NULL, "
                + "joined_at TIMESTAMPTZ NOT NULL, last_signed_in_at TIMESTAMPTZ, PRIMARY KEY (tenant_id, user_id))");
        seed(sql, "domainevententry", false, events);

        Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureTransactionManager(c -> transactions)
                .configureEmbeddedEventStore(c -> engine)
                .eventProcessing(processing -> processing
                        .registerTokenStore(c -> tokens)
                        .registerTrackingEventProcessor("peer", c -> c.eventStore(),
                                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize))
                        .registerEventHandler(c -> new PeerDirectory(DSL.using(new TransactionAwareDataSourceProxy(dataSource),
                                SQLDialect.POSTGRES))))
                .buildConfiguration();
        long head = head(sql, "domainevententry", "globalindex");
        long start = System.nanoTime();
        axon.start();
        TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                .eventProcessor("peer", TrackingEventProcessor.class).orElseThrow();
        LongSupplier position = () -> processor.processingStatus().values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1)).min().orElse(-1);
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> position.getAsLong() >= head);
        double rate = events / seconds(start);
        axon.shutdown();
        assertThat(sql.queryForObject("SELECT count(*) FROM tenant_directory_member", Long.class))
                .as("the peer's read model is complete").isEqualTo((long) TENANTS * Math.min(MEMBERS, events / TENANTS - 1));
        return rate;
    }

    /** The same three statements as {@code TenantDirectoryProjection}, one at a time as a stock handler runs them. */
    @ProcessingGroup("peer")
    static final class PeerDirectory {
        private final DSLContext sql;

        PeerDirectory(DSLContext sql) {
            this.sql = sql;
        }

        @EventHandler
        void on(TenantCreated event) {
            sql.insertInto(TENANT_DIRECTORY).set(TENANT_DIRECTORY.TENANT_ID, event.tenantId().value())
                    .set(TENANT_DIRECTORY.NAME, event.name()).set(TENANT_DIRECTORY.EMAIL_DOMAIN, event.emailDomain())
                    .set(TENANT_DIRECTORY.CREATED_AT, event.createdAt().atOffset(ZoneOffset.UTC))
                    .onConflict(TENANT_DIRECTORY.TENANT_ID).doNothing().execute();
        }

        @EventHandler
        void on(MemberJoined event) {
            sql.insertInto(TENANT_DIRECTORY_MEMBER).set(TENANT_DIRECTORY_MEMBER.TENANT_ID, event.tenantId().value())
                    .set(TENANT_DIRECTORY_MEMBER.USER_ID, event.userId()).set(TENANT_DIRECTORY_MEMBER.EMAIL, event.email())
                    .set(TENANT_DIRECTORY_MEMBER.ROLE, event.role().name())
                    .set(TENANT_DIRECTORY_MEMBER.JOINED_AT, event.joinedAt().atOffset(ZoneOffset.UTC))
                    .onConflict(TENANT_DIRECTORY_MEMBER.TENANT_ID, TENANT_DIRECTORY_MEMBER.USER_ID).doNothing().execute();
        }

        @EventHandler
        void on(MemberSignedIn event) {
            var at = event.signedInAt().atOffset(ZoneOffset.UTC);
            sql.update(TENANT_DIRECTORY_MEMBER).set(TENANT_DIRECTORY_MEMBER.LAST_SIGNED_IN_AT, at)
                    .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(event.tenantId().value()))
                    .and(TENANT_DIRECTORY_MEMBER.USER_ID.eq(event.userId()))
                    .and(TENANT_DIRECTORY_MEMBER.LAST_SIGNED_IN_AT.isNull().or(TENANT_DIRECTORY_MEMBER.LAST_SIGNED_IN_AT.lt(at)))
                    .execute();
        }
    }

    // --- seeding and helpers ------------------------------------------------------------------------------

    /**
     * {@code events} events over {@link #TENANTS} tenants, interleaved: each tenant is created, {@link #MEMBERS}
     * members join, and the rest are their sign-ins. Ours go into the chained store; the peer's into Axon's
     * default table. In statements of 100,000 rows.
     */
    private static void seed(JdbcTemplate sql, String table, boolean ours, int events) {
        int perTenant = events / TENANTS;
        String columns = ours
                ? "tenant_id, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                + "payload_revision, payload, meta_data"
                : "eventIdentifier, aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payloadRevision, "
                + "payload, metaData";
        int step = Math.max(1, 100_000 / TENANTS);
        for (int from = 0; from < perTenant; from += step) {
            sql.update("INSERT INTO " + table + " (" + columns + ") SELECT " + (ours ? "t.id, " : "")
                    + "gen_random_uuid()::text, t.id, n, 'Tenant', '2026-11-29T08:00:00Z', "
                    + "CASE WHEN n = 0 THEN 'ai.crosslayer.kernel.tenant.TenantCreated' WHEN n <= " + MEMBERS
                    + " THEN 'ai.crosslayer.kernel.tenant.MemberJoined' ELSE 'ai.crosslayer.kernel.tenant.MemberSignedIn' END, "
                    + "CASE WHEN n > " + MEMBERS + " THEN '2' ELSE '1' END, convert_to(CASE "
                    + "WHEN n = 0 THEN json_build_object('tenantId', t.id, 'name', 'bench' || t.i || '.test', "
                    + "'workosOrganizationId', null, 'emailDomain', 'bench' || t.i || '.test', 'createdAt', '2026-11-29T08:00:00Z') "
                    + "WHEN n <= " + MEMBERS + " THEN json_build_object('tenantId', t.id, 'userId', 'user_' || n, "
                    + "'email', 'user' || n || '@bench' || t.i || '.test', 'role', 'MEMBER', 'joinedAt', '2026-11-29T08:00:00Z') "
                    + "ELSE json_build_object('tenantId', t.id, 'userId', 'user_' || (1 + n % " + MEMBERS + "), "
                    + "'method', 'WORKOS', 'organizationId', null, 'signedInAt', "
                    + "to_char(timestamp '2026-11-29 08:00:00' + n * interval '1 second', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) "
                    + "END::text, 'UTF8'), convert_to('{\"actor\":\"system\",\"source\":\"ops\"}', 'UTF8') "
                    + "FROM (SELECT i, lpad(to_hex(i), 8, '0') || '-0000-4000-8000-00000000b14c' AS id "
                    + "FROM generate_series(1, ?) AS i) AS t, generate_series(?, ?) AS n ORDER BY n, t.i",
                    TENANTS, from, Math.min(perTenant, from + step) - 1);
        }
    }

    /**
     * Members per tenant with a sign-in among {@code events} seeded ones: the sign-ins (after the tenant's creation
     * and its members' joins) go to members 2, 3, … in turn, so at small sizes not every member has one.
     */
    private static long signedInMembers(int events) {
        return Math.min(MEMBERS, Math.max(0, events / TENANTS - 1 - MEMBERS));
    }

    private static long head(JdbcTemplate sql) {
        return head(sql, "domain_event_entry", "global_index");
    }

    private static long head(JdbcTemplate sql, String table, String column) {
        return sql.queryForObject("SELECT max(" + column + ") FROM " + table, Long.class);
    }

    private static long events(JdbcTemplate sql, String tenant) {
        return sql.queryForObject("SELECT count(*) FROM domain_event_entry WHERE tenant_id = ?", Long.class, tenant);
    }

    private static void awaitCaughtUp(ProcessorLag lag, long head, String processor) {
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<Long> positions = lag.positions(processor);
            return !positions.isEmpty() && positions.stream().allMatch(p -> p >= head);
        });
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private void note(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        notes.add(line);
        System.out.println("[cost benchmark] " + line);
    }

    private static String row(String what, String ours, String peer, String ratio) {
        return "| " + what + " | " + ours + " | " + peer + " | " + ratio + " |";
    }

    private static String rate(double eventsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f events/s", eventsPerSecond);
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private void write() throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Cost benchmark, ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(System.getProperty("java.version"))
                .append(", PostgreSQL: ").append(TestPostgres.describe()).append("\n\n");
        table.append("| benchmark | CrossLayer | stock Axon 4.13 peer (same run, same PostgreSQL) | ratio |\n");
        table.append("| --- | --- | --- | --- |\n");
        rows.forEach(row -> table.append(row).append('\n'));
        table.append('\n');
        notes.forEach(note -> table.append("- ").append(note).append('\n'));
        Path file = Path.of("target", "benchmark", "cost.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, table);
        System.out.println(table);
    }
}
