package ai.crosslayer.ops;

import ai.crosslayer.command.integration.vault.MasterKeyRotation;
import ai.crosslayer.command.integration.vault.MasterKeys;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.ops.audit.AuditCheckpoints;
import ai.crosslayer.ops.eventstore.DeadLetters;
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
 * Exit codes: 0 done, 1 a verification failed (or dead letters failed again, or none matched), 2 the command
 * line is wrong.
 */
final class OperatorCommands {

    static final Set<String> GROUPS = Set.of("audit", "keys", "dead-letters");
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
                  dead-letters list [<processor>]
                  dead-letters retry <processor> [--sequence <id>]
                  dead-letters evict <processor> --letter <id> | --sequence <id>""");
        return 2;
    }

    private static Map<String, String> options(String[] args, int from) {
        Map<String, String> options = new HashMap<>();
        for (int i = from; i < args.length; i++) {
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
