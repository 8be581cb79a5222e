package ai.crosslayer.ops;

import ai.crosslayer.kernel.Ids;
import ai.crosslayer.command.integration.app.MasterKeyRotation;
import ai.crosslayer.command.integration.store.MasterKeys;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.command.tenant.app.MemberErasure;
import ai.crosslayer.command.tenant.domain.MemberChangeRefused;
import ai.crosslayer.command.offboarding.app.TenantOffboarding;
import ai.crosslayer.command.tenant.domain.TenantClosed;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import ai.crosslayer.kernel.tenant.EraseMemberPersonalDataCommand;
import ai.crosslayer.ops.audit.AuditCheckpoints;
import ai.crosslayer.ops.backup.BackupCommands;
import ai.crosslayer.ops.audit.AuditIntegrity;
import ai.crosslayer.ops.audit.AuditWitness;
import ai.crosslayer.ops.eventstore.DeadLetters;
import ai.crosslayer.query.audit.CheckpointSigner;
import ai.crosslayer.ops.config.InvalidConfigurationException;
import ai.crosslayer.ops.database.EmbeddedDatabaseException;
import ai.crosslayer.ops.audit.TenantAsOf;
import ai.crosslayer.ops.processing.ProjectionRebuild;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportFormat;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.query.audit.AuditExportWriter;
import ai.crosslayer.query.audit.NotAnExport;
import ai.crosslayer.query.audit.AuditLog;
import ai.crosslayer.query.audit.AuditMerkle;
import ai.crosslayer.query.audit.AuditPublicKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar crosslayer.jar <command>}: what an operator runs beside (or instead of) the service.
 * Commands that read the database start the service's context without its web server, on the same
 * configuration; with the embedded database, stop the service first (one process owns its data).
 * Exit codes: 0 done, 1 a verification failed, dead letters failed again or none matched, or the command could
 * not run (said in a sentence), 2 the command line is wrong.
 */
final class OperatorCommands {

    /** Every command, with its usage and a line saying what it does; {@code help} prints this list. */
    static final List<Command> COMMANDS = List.of(
            new Command("audit export", "--tenant <id> --format ndjson|csv --out <file>",
                    "write a tenant's audit log (events, hashes, signed checkpoints) to a file, streamed",
                    "The file verifies offline with 'audit verify --file'. Progress is shown every 100,000 events."),
            new Command("audit verify", "--tenant <id> [--witness <dir>] [--allow-unsigned]  |  --tenant <id> --range <since>..<until>"
                    + "  |  --file <export> --public-key <base64, JSON or file>[,<retired key>...] [--witness <dir>] [--allow-unsigned]",
                    "check a tenant's hash chain, Merkle proofs and signed checkpoints, in the database or in an export file",
                    "Exits 0 when everything verifies; otherwise names the first event that does not, and exits 1.\n"
                            + "Zero verified checkpoints is a failure unless --allow-unsigned; --witness adds witness files as anchors."),
            new Command("keys checkpoint", "[--tenant <id>]",
                    "sign a checkpoint of every tenant's chain head that moved (or of one tenant) now",
                    "The service does this every CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL by itself."),
            new Command("keys rotate", "[--batch-size <n>]",
                    "re-seal every OAuth token under CROSSLAYER_MASTER_KEY (after setting a new one)",
                    "Run it with the new key in CROSSLAYER_MASTER_KEY and the old one in CROSSLAYER_MASTER_KEY_PREVIOUS;\n"
                            + "an interrupted run is resumed by running it again."),
            new Command("members erase", "--tenant <id> --user <id> | --slack-user <Slack user id>",
                    "erase a person's personal data from a tenant: destroy their data keys, remove them if a member",
                    "Records MemberPersonalDataErased, or SlackUserPersonalDataErased for a Slack user who is not a member (no\n"
                            + "personal data in either); fields sealed under their keys read as erased from then on, in the store,\n"
                            + "exports and later backups. It cannot be undone. Exits 1 for no such person."),
            new Command("tenant offboard", "--tenant <id>",
                    "close a tenant for good: integrations revoked, sessions, tokens, inbox, data keys and read models deleted",
                    "Its chain of events stays and still verifies; a final checkpoint is signed. It cannot be undone.\n"
                            + "With the embedded database, stop the service first; the read models go when it runs again."),
            new Command("dead-letters list", "[<processor>]",
                    "list the events parked in each processor's dead-letter queue (no payload)",
                    "A parked event holds back the later events of its sequence (tenant or aggregate) and nothing else."),
            new Command("dead-letters retry", "<processor> [--sequence <id>]",
                    "hand a processor's parked events (or one sequence) to its handlers again, after a fix",
                    "Exits 1 when an event fails again; it stays parked."),
            new Command("dead-letters evict", "<processor> --letter <id> | --sequence <id>",
                    "drop parked events for good (the event stays in the audit log; the read model skips it)",
                    "Exits 1 when nothing matched."),
            new Command("rebuild", "<projection>|--all",
                    "build a read model (or all) anew, online, in shadow tables swapped in one transaction",
                    "Progress (rate, ETA) every few seconds; an interrupted rebuild continues where it stopped when run again.\n"
                            + "An unknown name is refused with the list of projections."),
            new Command("replay", "--tenant <id> --until <instant>",
                    "print a tenant's read models as they stood at an instant, replayed from its events",
                    "Uses the same as-of replay as GET /api/audit/state?asOf=; nothing is written."),
            new Command("backup create", "[--to <dir>]",
                    "write an encrypted, consistent snapshot of the whole database to a new file (default: CROSSLAYER_BACKUP_DIR)",
                    "Encrypted under CROSSLAYER_BACKUP_KEY. The service makes one a day by itself when CROSSLAYER_BACKUP_DIR is set."),
            new Command("backup verify", "<file>",
                    "decrypt a backup through to its end and check what it holds (no database needed)",
                    "Exits 1, with a sentence, for a file that was altered, cut short, or made under another key."),
            new Command("backup restore", "<file>",
                    "load a backup into an EMPTY database (a fresh CROSSLAYER_DATA_DIR, or an empty CROSSLAYER_DATABASE_URL)",
                    "Checks the whole file first, then migrates to the backup's schema and loads it in one transaction;\n"
                            + "a non-empty database is refused. Start the service with the same master and audit signing keys."),
            new Command("backup prune", "[--dir <dir>]",
                    "delete backups older than the 7-day window (the newest is kept up to 35 days), saying which",
                    "The service prunes after each daily backup by itself."),
            new Command("help", "[<command>]", "list the commands, or say more about one",
                    "Without a command, java -jar crosslayer.jar starts the service."));
    private static final Set<String> HELP = Set.of("help", "--help", "-h");
    private static final long PROGRESS_EVERY = 100_000;

    private final PrintStream out;
    private final PrintStream err;

    OperatorCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * A first argument that is not a Spring option ({@code --server.port=...}) names a command, known or not:
     * {@code java -jar crosslayer.jar --help} or a typo must never start the service.
     */
    static boolean isCommand(String[] args) {
        return args.length > 0 && (HELP.contains(args[0]) || !args[0].startsWith("-"));
    }

    int run(String[] args) {
        try {
            if (HELP.contains(args[0])) {
                return help(Arrays.copyOfRange(args, 1, args.length));
            }
            if (args[0].equals("rebuild")) {
                return rebuild(args);
            }
            if (args[0].equals("backup")) {
                return new BackupCommands(out, err, this::context).run(args);
            }
            if (args[0].equals("replay")) {
                return replay(options(args, 1));
            }
            String command = args.length > 1 ? args[0] + " " + args[1] : args[0];
            if (args[0].equals("dead-letters")) {
                return deadLetters(command, args);
            }
            Map<String, String> options = options(args, 2);
            return switch (command) {
                case "audit export" -> export(options);
                case "audit verify" -> verify(options);
                case "keys checkpoint" -> checkpoint(options);
                case "keys rotate" -> rotate(options);
                case "members erase" -> erase(options);
                case "tenant offboard" -> offboard(options);
                default -> usage("Unknown command '" + command + "'.");
            };
        } catch (UsageError | BackupCommands.WrongUsage e) {
            return usage(e.getMessage());
        } catch (CannotRun e) {
            err.println(e.getMessage());
            return 1;
        } catch (TenantClosed e) {
            err.println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            if (!ClosedTenant.refused(e)) {
                throw e;
            }
            // Issue 18.3: the tenant was offboarded while this ran; the database recorded nothing of it.
            err.println("The tenant was offboarded: it takes no change any more, and nothing of this command was recorded.");
            return 1;
        }
    }

    private int help(String[] topic) {
        if (topic.length == 0) {
            out.println("Usage: java -jar crosslayer.jar [<command>]   (no command: run the service)");
            out.println();
            int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
            COMMANDS.forEach(c -> out.println("  " + String.format("%-" + width + "s", c.name()) + "  " + c.summary()));
            out.println();
            out.println("java -jar crosslayer.jar help <command> says more about one. Exit codes: 0 done, 1 failed "
                    + "(a verification, or the command could not run), 2 wrong command line.");
            return 0;
        }
        String wanted = String.join(" ", topic);
        List<Command> matching = COMMANDS.stream()
                .filter(c -> c.name().equals(wanted) || c.name().startsWith(wanted + " ")).toList();
        if (matching.isEmpty()) {
            return usage("Unknown command '" + wanted + "'.");
        }
        for (Command command : matching) {
            out.println("java -jar crosslayer.jar " + command.name() + " " + command.usage());
            out.println("  " + command.summary() + ".");
            command.details().lines().forEach(line -> out.println("  " + line));
        }
        return 0;
    }

    private int export(Map<String, String> options) {
        TenantId tenant = tenant(options);
        AuditExportFormat format;
        try {
            format = AuditExportFormat.named(required(options, "format"));
        } catch (IllegalArgumentException e) {
            throw new UsageError("The " + e.getMessage() + ".");
        }
        Path file = Path.of(required(options, "out"));
        try (ConfigurableApplicationContext context = context();
             BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            AuditExportWriter export = new AuditExportWriter(context.getBean(AuditLog.class), context.getBean(ObjectMapper.class),
                    context.getBean(Clock.class), context.getBean(AuditCheckpoints.class),
                    context.getBean(PersonalDataKeys.class));
            long[] events = {0};
            export.write(tenant, format, context.getBean(AuditPublicKey.class), line -> {
                try {
                    writer.write(line);
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line.contains("\"event\"") && ++events[0] % PROGRESS_EVERY == 0) {
                    err.println("exported " + events[0] + " events…");
                }
            });
            out.println("Exported the audit log of tenant " + tenant + " to " + file + ".");
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("Could not write " + file + ": " + e.getMessage());
            return 2;
        }
    }

    private int verify(Map<String, String> options) {
        AuditChain.Report report;
        if (options.containsKey("file")) {
            Path file = Path.of(options.get("file"));
            List<byte[]> keys = publicKeys(required(options, "public-key"));
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String tenant = AuditExportReader.tenantOf(file);
                report = AuditExportReader.verify(reader, keys, witnessed(options, null, tenant), new ObjectMapper());
            } catch (NotAnExport e) {
                err.println(file + " is " + e.getMessage() + ".");
                return 1;
            } catch (IOException e) {
                throw new UsageError("Cannot read " + file + ": " + e.getMessage());
            }
        } else if (options.containsKey("range")) {
            return verifyRange(tenant(options), options.get("range"));
        } else {
            TenantId tenant = tenant(options);
            try (ConfigurableApplicationContext context = context()) {
                report = context.getBean(AuditLog.class).verify(tenant, context.getBean(AuditPublicKey.class).trusted(),
                        witnessed(options, context.getBean(AuditWitness.class), tenant.value()));
            }
        }
        if (report.valid() && report.checkpointsVerified() == 0 && !options.containsKey("allow-unsigned")) {
            out.println("NOT VERIFIED: no signed checkpoint verified, so nothing vouches for these "
                    + report.eventsVerified() + " events (anyone can write a chain). Use --allow-unsigned to accept "
                    + "an unsigned chain.");
            return 1;
        }
        if (report.valid()) {
            out.println("Verified: " + report.eventsVerified() + " events chain correctly and "
                    + report.checkpointsVerified() + " signed checkpoints hold"
                    + (report.eventsNotCovered() == 0 ? "." : "; the last " + report.eventsNotCovered()
                    + " events are covered by no checkpoint yet."));
            return 0;
        }
        AuditChain.Failure failure = report.firstFailure();
        out.println("NOT VERIFIED: event " + failure.sequence()
                + (failure.eventId() == null ? "" : " (" + failure.eventId() + ")") + ": " + failure.reason()
                + ". The " + report.eventsVerified() + " events before it verified.");
        return 1;
    }

    /**
     * {@code audit verify --tenant <id> --range since..until}: each event of the range recomputes to its stored
     * hash and is proven, by an RFC 9162 inclusion proof, to be in the tree whose root the latest checkpoint
     * signed (its signature checked with the trusted keys) — without walking the chain from its start.
     */
    private int verifyRange(TenantId tenant, String range) {
        String[] bounds = range.split("\\.\\.");
        long since;
        long until;
        try {
            since = Long.parseLong(bounds[0]);
            until = Long.parseLong(bounds[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new UsageError("--range is two event sequences such as 100..200.");
        }
        if (bounds.length != 2 || since < 1 || since > until) {
            throw new UsageError("--range is two event sequences such as 100..200, the first at least 1 and not after the second.");
        }
        try (ConfigurableApplicationContext context = context()) {
            AuditLog log = context.getBean(AuditLog.class);
            List<byte[]> trusted = context.getBean(AuditPublicKey.class).trusted();
            AuditChain.Checkpoint signed = log.checkpoints(tenant).stream().filter(c -> c.treeRoot() != null)
                    .reduce((first, second) -> second).orElse(null);
            if (signed == null || signed.tenantSequence() < until) {
                out.println("NOT VERIFIED: no checkpoint signs a tree that holds event " + until + " yet"
                        + (signed == null ? "." : " (the latest signed tree holds " + signed.tenantSequence() + ")."));
                return 1;
            }
            if (trusted.stream().noneMatch(key -> AuditChain.keyId(key).equals(signed.keyId())
                    && AuditChain.signatureHolds(signed, key))) {
                out.println("NOT VERIFIED: the checkpoint of event " + signed.tenantSequence()
                        + " does not verify with the trusted keys.");
                return 1;
            }
            long proven = 0;
            int longest = 0;
            for (long after = since - 1; after < until; ) {
                List<AuditChain.StoredEvent> page = log.page(tenant, new AuditLog.Filter(after, (int) Math.min(1000, until - after),
                        null, null, null, null, null));
                if (page.isEmpty() || page.get(0).tenantSequence() != after + 1) {
                    out.println("NOT VERIFIED: event " + (after + 1) + " is missing.");
                    return 1;
                }
                for (AuditChain.StoredEvent event : page) {
                    if (!java.util.Arrays.equals(AuditChain.hash(event), event.hash())) {
                        out.println("NOT VERIFIED: event " + event.tenantSequence() + " (" + event.eventId()
                                + "): its stored hash does not match its content: the row was altered.");
                        return 1;
                    }
                }
                List<List<byte[]>> proofs = log.withTree(tenant, (nodes, size) -> page.stream().map(event ->
                        AuditMerkle.inclusionProof(nodes, event.tenantSequence() - 1, signed.tenantSequence())).toList());
                for (int i = 0; i < page.size(); i++) {
                    AuditChain.StoredEvent event = page.get(i);
                    if (!AuditMerkle.verifyInclusion(AuditMerkle.leafHash(event.hash()), event.tenantSequence() - 1,
                            signed.tenantSequence(), proofs.get(i), signed.treeRoot())) {
                        out.println("NOT VERIFIED: event " + event.tenantSequence() + " (" + event.eventId()
                                + ") is not in the tree the checkpoint of " + signed.signedAt() + " signed.");
                        return 1;
                    }
                    longest = Math.max(longest, proofs.get(i).size());
                    proven++;
                }
                after = page.get(page.size() - 1).tenantSequence();
            }
            out.println("Verified: events " + since + ".." + until + " (" + proven + ") are in the tree of "
                    + signed.tenantSequence() + " events signed at " + signed.signedAt() + " by key " + signed.keyId()
                    + "; each inclusion proof has at most " + longest + " hashes.");
            return 0;
        }
    }

    /** The witness's checkpoints of the tenant: from {@code --witness <directory>}, else the configured witness. */
    private static List<AuditChain.Checkpoint> witnessed(Map<String, String> options, AuditWitness configured, String tenant) {
        if (options.containsKey("witness")) {
            Path directory = Path.of(options.get("witness"));
            if (!Files.isDirectory(directory)) {
                throw new UsageError("--witness must be the witness directory (it holds a folder per tenant).");
            }
            return new AuditWitness.Directory(directory).checkpoints(tenant);
        }
        return configured == null ? List.of() : configured.checkpoints(tenant);
    }

    private int checkpoint(Map<String, String> options) {
        try (ConfigurableApplicationContext context = context()) {
            AuditCheckpoints checkpoints = context.getBean(AuditCheckpoints.class);
            if (options.containsKey("tenant")) {
                var taken = checkpoints.checkpoint(tenant(options));
                out.println(taken.map(c -> "Signed a checkpoint of tenant " + c.tenantId() + " at event "
                        + c.tenantSequence() + ".").orElse("Nothing to sign: the tenant's head is already signed, or it has no events."));
            } else {
                out.println("Signed " + checkpoints.checkpointAll() + " checkpoint(s).");
                if (!org.springframework.boot.actuate.health.Status.UP.equals(context.getBean(AuditIntegrity.class).health().getStatus())) {
                    out.println("Some tenants were not signed: see the AUDIT INTEGRITY and witness lines above.");
                    return 1;
                }
            }
            return 0;
        } catch (CheckpointSigner.ChainRefused | AuditWitness.Unreachable refused) {
            out.println("NOT SIGNED: " + refused.getMessage() + ".");
            return 1;
        }
    }

    /** {@code members erase --tenant <id> --user <id>} (issue 18.2): an operator's erasure, actor {@code system}. */
    private int erase(Map<String, String> options) {
        TenantId tenant = tenant(options);
        if (options.containsKey("slack-user")) {
            return eraseSlackUser(tenant, options);
        }
        String user = required(options, "user");
        try (ConfigurableApplicationContext context = context()) {
            context.getBean(MemberErasure.class).erase(tenant, user, EraseMemberPersonalDataCommand.OPERATOR,
                    AuditContext.Source.OPS);
        } catch (MemberChangeRefused e) {
            throw new CannotRun("Tenant " + tenant + " holds no personal data about user " + user
                    + ": nothing was erased. GET /api/members lists the members' user ids.");
        }
        out.println("Erased the personal data of user " + user + " from tenant " + tenant
                + ": their data keys are destroyed" + " and the erasure is in the audit log.");
        return 0;
    }

    /** {@code members erase --tenant <id> --slack-user <id>} (issue 18): a Slack user who is not a member, actor {@code system}. */
    private int eraseSlackUser(TenantId tenant, Map<String, String> options) {
        String slackUser = options.get("slack-user");
        if (options.containsKey("user")) {
            throw new UsageError("Give --user or --slack-user, not both.");
        }
        if (!Ids.isSlackUserId(slackUser)) {
            throw new UsageError("--slack-user: " + Ids.SLACK_USER_ID_FORM);
        }
        boolean erased;
        try (ConfigurableApplicationContext context = context()) {
            erased = context.getBean(MemberErasure.class).eraseSlackUser(tenant, slackUser,
                    EraseMemberPersonalDataCommand.OPERATOR, AuditContext.Source.OPS);
        }
        if (!erased) {
            throw new CannotRun("Tenant " + tenant + " holds no personal data about Slack user " + slackUser
                    + ": nothing was erased.");
        }
        out.println("Erased the personal data of Slack user " + slackUser + " from tenant " + tenant
                + ": their data key is destroyed and the erasure is in the audit log.");
        return 0;
    }

    private int rotate(Map<String, String> options) {
        int batchSize;
        try {
            batchSize = Integer.parseInt(options.getOrDefault("batch-size", "100"));
        } catch (NumberFormatException e) {
            throw new UsageError("--batch-size must be a whole number, such as 100.");
        }
        if (batchSize < 1) {
            throw new UsageError("--batch-size must be at least 1.");
        }
        try (ConfigurableApplicationContext context = context()) {
            MasterKeyRotation.Report report = context.getBean(MasterKeyRotation.class).rotate(batchSize, err::println);
            out.println("Re-sealed " + report.tokensResealed() + " token(s) of " + report.tenantsTouched()
                    + " tenant(s) and " + report.dataKeysResealed() + " personal data key(s) under master key "
                    + report.keyId() + ".");
            if (!report.retirable().isEmpty()) {
                out.println("No token is sealed under " + String.join(", ", report.retirable())
                        + " any more: remove those keys from CROSSLAYER_MASTER_KEY_PREVIOUS to retire them.");
            }
            if (report.complete()) {
                return 0;
            }
            report.leftBehind().forEach((keyId, count) -> out.println(count + " token(s) or data key(s) are still sealed under "
                    + keyId + (context.getBean(MasterKeys.class).keyIds().contains(keyId)
                    ? " (busy in a request just now): run keys rotate again."
                    : ", which this process does not hold: put that key in CROSSLAYER_MASTER_KEY_PREVIOUS and run keys rotate again.")));
            return 1;
        }
    }

    private int offboard(Map<String, String> options) {
        TenantId tenant = tenant(options);
        try (ConfigurableApplicationContext context = context()) {
            TenantOffboarding.Offboarded done = context.getBean(TenantOffboarding.class)
                    .offboard(tenant, AuditContext.SYSTEM, AuditContext.Source.OPS);
            out.println("Offboarded tenant " + tenant.value() + ": revoked " + done.integrationsRevoked()
                    + " integration(s), deleted its sessions, tokens, inbox and data keys; the read models drop its rows"
                    + " as they reach the event.");
            if (done.providerFailed() > 0 || done.providerConfirmed() < done.integrationsRevoked()) {
                out.println("The providers confirmed revoking " + done.providerConfirmed() + " of the "
                        + done.integrationsRevoked() + " token(s) (" + done.providerFailed() + " refused, the rest had not answered"
                        + " yet): revoke the others at Slack or GitHub by hand; the audit log names them.");
            }
            if (done.checkpointedEvent().isPresent()) {
                out.println("Signed a final checkpoint at event " + done.checkpointedEvent().getAsLong() + ".");
                return 0;
            }
            out.println("NOT SIGNED: the final checkpoint could not be signed (" + done.checkpointProblem()
                    + "); run keys checkpoint --tenant " + tenant.value() + " once that is fixed.");
            return 1;
        } catch (TenantOffboarding.UnknownTenant | TenantClosed refused) {
            throw new CannotRun(refused.getMessage());
        }
    }

    /** {@code dead-letters list [<processor>]}, {@code retry <processor> ...}, {@code evict <processor> ...}. */
    private int deadLetters(String command, String[] args) {
        if (!Set.of("dead-letters list", "dead-letters retry", "dead-letters evict").contains(command)) {
            return usage("Unknown command '" + command + "'.");
        }
        boolean named = args.length > 2 && !args[2].startsWith("--");
        String processor = named ? args[2] : null;
        Map<String, String> options = options(args, named ? 3 : 2);
        if (!command.equals("dead-letters list") && processor == null) {
            throw new UsageError("Name the processor, e.g. " + command + " governance-policy.");
        }
        try (ConfigurableApplicationContext context = context()) {
            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            if (processor != null && !deadLetters.processors().contains(processor)) {
                throw new UsageError("There is no processor '" + processor + "' with a dead-letter queue; there are: "
                        + String.join(", ", deadLetters.processors()) + ".");
            }
            return switch (command) {
                case "dead-letters list" -> listDeadLetters(deadLetters, processor);
                case "dead-letters retry" -> retryDeadLetters(deadLetters, processor, options.get("sequence"));
                default -> evictDeadLetters(deadLetters, processor, options);
            };
        }
    }

    private int listDeadLetters(DeadLetters deadLetters, String processor) {
        List<DeadLetters.Letter> letters = deadLetters.list(processor);
        if (letters.isEmpty()) {
            out.println("No dead letters" + (processor == null ? "." : " in " + processor + "."));
            return 0;
        }
        for (DeadLetters.Letter letter : letters) {
            out.println(letter.processor() + "  tenant " + letter.tenantId() + "  sequence " + letter.sequence()
                    + " #" + letter.index() + "  letter " + letter.id() + "  " + simpleName(letter.eventType())
                    + " " + letter.eventId() + (letter.aggregateId() == null ? ""
                    : " (aggregate " + letter.aggregateId() + " #" + letter.aggregateSequence() + ")")
                    + "  parked " + letter.enqueuedAt() + (letter.cause() == null ? "" : "  cause: " + letter.cause()));
        }
        out.println(letters.size() + " dead letter(s). After a fix: dead-letters retry <processor>; to drop one for good: "
                + "dead-letters evict <processor> --letter <id>.");
        return 0;
    }

    private int retryDeadLetters(DeadLetters deadLetters, String processor, String sequence) {
        DeadLetters.Retried retried = deadLetters.retry(processor, sequence);
        out.println("Retried " + (retried.cleared() + retried.stillParked()) + " sequence(s) of " + processor + ": "
                + retried.cleared() + " applied and left the queue, " + retried.stillParked() + " failed again.");
        if (retried.stillParked() > 0) {
            out.println("See why with: dead-letters list " + processor + ".");
            return 1;
        }
        return 0;
    }

    private int evictDeadLetters(DeadLetters deadLetters, String processor, Map<String, String> options) {
        String letter = options.get("letter");
        String sequence = options.get("sequence");
        if ((letter == null) == (sequence == null)) {
            throw new UsageError("Name exactly one of --letter <id> or --sequence <id> (see dead-letters list).");
        }
        int evicted = deadLetters.evict(processor, sequence, letter);
        if (evicted == 0) {
            out.println("Nothing evicted: no such dead letter in " + processor + ".");
            return 1;
        }
        out.println("Evicted " + evicted + " dead letter(s) from " + processor + ": its handlers will not see "
                + (evicted == 1 ? "that event." : "those events."));
        return 0;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** {@code rebuild <projection>|--all}: online, through shadow tables (issue 14). */
    private int rebuild(String[] args) {
        if (args.length != 2) {
            throw new UsageError("rebuild takes one projection name, or --all.");
        }
        try (ConfigurableApplicationContext context = context()) {
            ProjectionRebuild rebuild = context.getBean(ProjectionRebuild.class);
            Set<String> names = rebuild.projections().keySet();
            if (!args[1].equals("--all") && !names.contains(args[1])) {
                err.println("Unknown projection '" + args[1] + "'. Projections: " + String.join(", ", names) + ".");
                return 2;
            }
            for (String name : args[1].equals("--all") ? names : Set.of(args[1])) {
                try {
                    ProjectionRebuild.Report report = rebuild.rebuild(name, err::println);
                    out.printf("Rebuilt %s: %,d events in %.1f s (%,.0f events/s), swapped in.%n", report.projection(),
                            report.events(), report.seconds(), report.events() / Math.max(report.seconds(), 1e-3));
                    out.println("Time: " + report.phases() + ".");
                } catch (RuntimeException e) {
                    err.println("The rebuild of " + name + " stopped: " + e.getMessage() + ". What it built so far is "
                            + "kept; the live read model is unchanged. Run rebuild " + name + " again to continue.");
                    return 1;
                }
            }
            return 0;
        }
    }

    /** {@code replay --tenant <id> --until <instant>}: the tenant as its read models showed it then. */
    private int replay(Map<String, String> options) {
        TenantId tenant = tenant(options);
        Instant until;
        try {
            until = Instant.parse(required(options, "until"));
        } catch (DateTimeParseException e) {
            throw new UsageError("--until must be an instant such as 2026-11-29T08:00:00Z.");
        }
        try (ConfigurableApplicationContext context = context()) {
            Map<String, Object> state = context.getBean(TenantAsOf.class).replay(tenant, until);
            out.println(context.getBean(ObjectMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(state));
            return 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigurableApplicationContext context() {
        return context(CrossLayer.class);
    }

    private ConfigurableApplicationContext context(Class<?> source) {
        try {
            return new SpringApplicationBuilder(source)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    // An operator's process shares the database, not the service's background work. A failure
                    // this command can put in a sentence is said once, below, not as Spring's report.
                    .properties("logging.level.root=WARN", "logging.level.ai.crosslayer=WARN",
                            "logging.level.org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter=OFF",
                            "logging.level.org.springframework.context=ERROR",
                            "crosslayer.inbox.workers=false", "crosslayer.projections.node=false")
                    .run();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof EmbeddedDatabaseException || cause instanceof InvalidConfigurationException) {
                    throw new CannotRun(cause.getMessage());
                }
            }
            throw e;
        }
    }

    private int usage(String problem) {
        err.println(problem);
        err.println("Usage: java -jar crosslayer.jar <command>");
        COMMANDS.forEach(c -> err.println("  " + c.name() + " " + c.usage()));
        return 2;
    }

    /** Options are pairs such as {@code --tenant <id>}, except the flags, which stand alone. */
    private static final Set<String> FLAGS = Set.of("allow-unsigned");

    private static Map<String, String> options(String[] args, int from) {
        Map<String, String> options = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            if (args[i].startsWith("--") && FLAGS.contains(args[i].substring(2))) {
                options.put(args[i].substring(2), "true");
                continue;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new UsageError("Options come in pairs such as --tenant <id>; '" + args[i] + "' has no value.");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new UsageError("--" + name + " is required.");
        }
        return value;
    }

    private static TenantId tenant(Map<String, String> options) {
        try {
            return new TenantId(required(options, "tenant"));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--tenant must be a tenant id (a lowercase UUID).");
        }
    }

    /**
     * {@code --public-key}: comma-separated base64 keys, or a file holding one, or the JSON that
     * {@code GET /api/audit/public-key} answers (inline or in a file), whose current and retired keys are all trusted.
     */
    private static List<byte[]> publicKeys(String value) {
        String text = value.trim();
        try {
            if (!text.startsWith("{") && Files.isRegularFile(Path.of(text))) {
                text = Files.readString(Path.of(text)).trim();
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new UsageError("--public-key: cannot read " + value + ".");
        }
        if (text.startsWith("{")) {
            try {
                var published = new ObjectMapper().readTree(text);
                List<byte[]> keys = new java.util.ArrayList<>();
                keys.add(publicKey(published.path("publicKey").asText()));
                published.path("retired").forEach(old -> keys.add(publicKey(old.path("publicKey").asText())));
                return keys;
            } catch (IOException e) {
                throw new UsageError("--public-key looks like JSON but is not: give the body of GET /api/audit/public-key.");
            }
        }
        if (text.contains(",")) {
            return Arrays.stream(text.split(",")).map(String::trim).flatMap(k -> publicKeys(k).stream()).toList();
        }
        return List.of(publicKey(text));
    }

    private static byte[] publicKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            key = new byte[0];
        }
        if (key.length == 32) {
            return key;
        }
        throw new UsageError("--public-key must be a 32-byte Ed25519 key in base64 (as GET /api/audit/public-key "
                + "gives it), that JSON itself, or a file holding either.");
    }

    /** One operator command: its name, its options, and what it does in a line (and a little more). */
    record Command(String name, String usage, String summary, String details) {
    }

    /** The command could not run (a held data directory, missing settings); the message says why. */
    private static final class CannotRun extends RuntimeException {
        CannotRun(String message) {
            super(message, null, false, false);
        }
    }

    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
