package ai.crosslayer.ops;

import ai.crosslayer.command.integration.vault.MasterKeyRotation;
import ai.crosslayer.command.integration.vault.MasterKeys;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.ops.audit.AuditCheckpoints;
import ai.crosslayer.ops.audit.TenantAsOf;
import ai.crosslayer.ops.processing.ProjectionRebuild;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExport;
import ai.crosslayer.query.audit.AuditLog;
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
 * Exit codes: 0 done, 1 a verification failed, 2 the command line is wrong.
 */
final class OperatorCommands {

    static final Set<String> GROUPS = Set.of("audit", "keys", "rebuild", "replay");
    private static final long PROGRESS_EVERY = 100_000;

    private final PrintStream out;
    private final PrintStream err;

    OperatorCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static boolean isCommand(String[] args) {
        return args.length > 0 && GROUPS.contains(args[0]);
    }

    int run(String[] args) {
        try {
            if (args[0].equals("rebuild")) {
                return rebuild(args);
            }
            if (args[0].equals("replay")) {
                return replay(options(args, 1));
            }
            String command = args.length > 1 ? args[0] + " " + args[1] : args[0];
            Map<String, String> options = options(args, 2);
            return switch (command) {
                case "audit export" -> export(options);
                case "audit verify" -> verify(options);
                case "keys checkpoint" -> checkpoint(options);
                case "keys rotate" -> rotate(options);
                default -> usage("Unknown command '" + command + "'.");
            };
        } catch (UsageError e) {
            return usage(e.getMessage());
        }
    }

    private int export(Map<String, String> options) {
        TenantId tenant = tenant(options);
        AuditExport.Format format;
        try {
            format = AuditExport.Format.named(required(options, "format"));
        } catch (IllegalArgumentException e) {
            throw new UsageError("The " + e.getMessage() + ".");
        }
        Path file = Path.of(required(options, "out"));
        try (ConfigurableApplicationContext context = context();
             BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            AuditExport export = new AuditExport(context.getBean(AuditLog.class), context.getBean(ObjectMapper.class),
                    context.getBean(Clock.class));
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
            List<byte[]> keys = Arrays.stream(required(options, "public-key").split(","))
                    .map(String::trim).map(OperatorCommands::publicKey).toList();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                report = AuditExport.verify(reader, keys, new ObjectMapper());
            } catch (AuditExport.NotAnExport e) {
                err.println(file + " is " + e.getMessage() + ".");
                return 1;
            } catch (IOException e) {
                throw new UsageError("Cannot read " + file + ": " + e.getMessage());
            }
        } else {
            TenantId tenant = tenant(options);
            try (ConfigurableApplicationContext context = context()) {
                report = context.getBean(AuditLog.class).verify(tenant, context.getBean(AuditPublicKey.class).trusted());
            }
        }
        if (report.valid()) {
            out.println("Verified: " + report.eventsVerified() + " events chain correctly and "
                    + report.checkpointsVerified() + " signed checkpoints hold.");
            return 0;
        }
        AuditChain.Failure failure = report.firstFailure();
        out.println("NOT VERIFIED: event " + failure.sequence()
                + (failure.eventId() == null ? "" : " (" + failure.eventId() + ")") + ": " + failure.reason()
                + ". The " + report.eventsVerified() + " events before it verified.");
        return 1;
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
            }
            return 0;
        }
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
                    + " tenant(s) under master key " + report.keyId() + ".");
            if (!report.retirable().isEmpty()) {
                out.println("No token is sealed under " + String.join(", ", report.retirable())
                        + " any more: remove those keys from CROSSLAYER_MASTER_KEY_PREVIOUS to retire them.");
            }
            if (report.complete()) {
                return 0;
            }
            report.leftBehind().forEach((keyId, count) -> out.println(count + " token(s) are still sealed under "
                    + keyId + (context.getBean(MasterKeys.class).keyIds().contains(keyId)
                    ? " (busy in a request just now): run keys rotate again."
                    : ", which this process does not hold: put that key in CROSSLAYER_MASTER_KEY_PREVIOUS and run keys rotate again.")));
            return 1;
        }
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
        return new SpringApplicationBuilder(CrossLayer.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                // An operator's process shares the database, not the service's background work.
                .properties("logging.level.root=WARN", "logging.level.ai.crosslayer=WARN", "crosslayer.inbox.workers=false")
                .run();
    }

    private int usage(String problem) {
        err.println(problem);
        err.println("""
                Usage: java -jar crosslayer.jar <command>
                  audit export --tenant <id> --format ndjson|csv --out <file>
                  audit verify --tenant <id>
                  audit verify --file <export> --public-key <base64 or file>[,<retired key>...]
                  keys checkpoint [--tenant <id>]
                  keys rotate [--batch-size <n>]
                  rebuild <projection>|--all
                  replay --tenant <id> --until <instant>""");
        return 2;
    }

    private static Map<String, String> options(String[] args, int first) {
        Map<String, String> options = new HashMap<>();
        for (int i = first; i < args.length; i++) {
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

    private static byte[] publicKey(String value) {
        String text = value;
        Path file = Path.of(value);
        try {
            if (Files.isRegularFile(file)) {
                text = Files.readString(file).trim();
            }
            byte[] key = Base64.getDecoder().decode(text);
            if (key.length != 32) {
                throw new UsageError("--public-key must be a 32-byte Ed25519 key in base64 (as GET /api/audit/public-key gives it).");
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageError("--public-key must be a 32-byte Ed25519 key in base64, or a file holding one.");
        }
    }

    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
