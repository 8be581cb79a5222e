package ai.crosslayer.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code java -jar crosslayer-verifier.jar} — verifies, with a public key and nothing else:
 * <pre>
 *   export  &lt;export.ndjson&gt; --public-key &lt;base64 | JSON of /api/audit/public-key | file&gt; [--witness &lt;dir&gt;] [--allow-unsigned]
 *   consistency &lt;proof.json&gt; &lt;older-checkpoint.json&gt; &lt;newer-checkpoint.json&gt; --public-key &lt;key&gt;
 *   inclusion &lt;proof.json&gt; &lt;checkpoint.json&gt; --event-hash &lt;hex&gt; --public-key &lt;key&gt;
 * </pre>
 * Exit codes: 0 verified, 1 not verified, 2 a wrong command line or unreadable input.
 */
public final class CrossLayerVerify {

    private static final Duration BACKDATING_TOLERANCE = Duration.ofMinutes(5);
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final HexFormat HEX = HexFormat.of();

    private final PrintStream out;
    private final Map<String, byte[]> keys = new TreeMap<>();

    public CrossLayerVerify(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CrossLayerVerify(System.out).run(args));
    }

    /** Runs one command; returns the exit code. */
    public int run(String[] args) {
        try {
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if ("--allow-unsigned".equals(args[i])) {
                    options.put("allow-unsigned", "true");
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    options.put(args[i].substring(2), args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            if (positional.isEmpty() || !options.containsKey("public-key")) {
                throw new Usage("a command and --public-key are required");
            }
            readKeys(options.get("public-key"));
            return switch (positional.get(0)) {
                case "export" -> export(Path.of(arg(positional, 1)), options);
                case "consistency" -> consistency(json(Path.of(arg(positional, 1))), json(Path.of(arg(positional, 2))),
                        json(Path.of(arg(positional, 3))));
                case "inclusion" -> inclusion(json(Path.of(arg(positional, 1))), json(Path.of(arg(positional, 2))),
                        options.get("event-hash"));
                default -> throw new Usage("unknown command " + positional.get(0));
            };
        } catch (IOException | RuntimeException e) {
            out.println("Cannot verify: " + e.getMessage());
            out.println("Usage: export <file> --public-key <key> [--witness <dir>] [--allow-unsigned] | "
                    + "consistency <proof> <older checkpoint> <newer checkpoint> --public-key <key> | "
                    + "inclusion <proof> <checkpoint> --event-hash <hex> --public-key <key>");
            return 2;
        }
    }

    // --- an export, with witness files -----------------------------------------------------------

    private int export(Path file, Map<String, String> options) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> header = object(Json.parse(Objects.requireNonNull(lines.readLine(), "the file is empty")));
            String format = text(header, "format");
            if (!"export".equals(header.get("record")) || !format.startsWith("crosslayer-audit-export/")) {
                return fail(0, "the file is not a crosslayer-audit-export NDJSON file");
            }
            String tenant = text(header, "tenantId");
            Instant claimed = instant(text(header, "exportedAt"));
            Map<Long, Map<String, Object>> checkpoints = new TreeMap<>();
            Map<Long, Map<String, Object>> witnessed = new TreeMap<>();
            if (options.containsKey("witness")) {
                for (Map<String, Object> c : witness(Path.of(options.get("witness")), tenant)) {
                    String problem = checkpointProblem(c, tenant);
                    if (problem != null) {
                        return fail(number(c, "sequence"), "witness: " + problem);
                    }
                    witnessed.put(number(c, "sequence"), c);
                }
            }
            long expected = 1;
            byte[] previous = new byte[32];
            String previousAppendedAt = null;
            int signed = 0;
            long covered = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> record = object(Json.parse(line));
                switch (String.valueOf(record.get("record"))) {
                    case "checkpoint" -> {
                        String problem = checkpointProblem(record, tenant);
                        if (problem != null) {
                            return fail(number(record, "sequence"), problem);
                        }
                        long sequence = number(record, "sequence");
                        claimed = later(claimed, instant(text(record, "signedAt")));
                        if (sequence < expected) {
                            if (sequence != expected - 1 || !Arrays.equals(HEX.parseHex(text(record, "headHash")), previous)) {
                                return fail(sequence, "a checkpoint after the events does not match the last of them");
                            }
                            if (!checkpoints.containsKey(sequence)) {
                                signed++;
                                covered = sequence;
                                checkpoints.put(sequence, record);
                            }
                        } else {
                            checkpoints.put(sequence, record);
                        }
                    }
                    case "event" -> {
                        long sequence = number(record, "sequence");
                        if (sequence != expected) {
                            return fail(expected, sequence > expected ? "event " + expected + " is missing"
                                    : "sequence " + sequence + " appears again or out of order");
                        }
                        Map<String, Object> stored = object(record.get("stored"));
                        String appendedAt = (String) stored.get("appendedAt");
                        byte[] hash = HEX.parseHex(text(record, "hash"));
                        if (!tenant.equals(stored.get("tenantId"))) {
                            return fail(sequence, "the event belongs to another tenant");
                        }
                        if (!Arrays.equals(HEX.parseHex(text(record, "prevHash")), previous)) {
                            return fail(sequence, "its previous hash does not match the hash of event " + (sequence - 1));
                        }
                        if (!Arrays.equals(sha256(canonical(stored, sequence, previous)), hash)) {
                            return fail(sequence, "its stored hash does not match its content: the row was altered");
                        }
                        if (appendedAt == null && previousAppendedAt != null) {
                            return fail(sequence, "it is in canonical form version 1 after version 2: its append time was removed");
                        }
                        if (previousAppendedAt != null && instant(text(stored, "timeStamp"))
                                .isBefore(instant(previousAppendedAt).minus(BACKDATING_TOLERANCE))) {
                            return fail(sequence, "it is back-dated: its time " + stored.get("timeStamp")
                                    + " is more than 5 minutes before event " + (sequence - 1) + " was appended");
                        }
                        String displayed = displayedMismatch(record, stored);
                        if (displayed != null) {
                            return fail(sequence, "its displayed " + displayed + " differs from its stored bytes");
                        }
                        for (Map<Long, Map<String, Object>> anchors : List.of(checkpoints, witnessed)) {
                            Map<String, Object> anchor = anchors.get(sequence);
                            if (anchor != null && !Arrays.equals(HEX.parseHex(text(anchor, "headHash")), hash)) {
                                return fail(sequence, "it differs from the " + (anchors == witnessed ? "witnessed" : "signed")
                                        + " checkpoint of " + anchor.get("signedAt"));
                            }
                        }
                        if (checkpoints.containsKey(sequence)) {
                            signed++;
                            covered = sequence;
                        }
                        previous = hash;
                        previousAppendedAt = appendedAt;
                        expected++;
                    }
                    case "unsigned" -> out.println("Note: the service did not sign this export: " + record.get("reason"));
                    default -> {
                        return fail(0, "a line is neither an event nor a checkpoint");
                    }
                }
            }
            long last = expected - 1;
            for (Map<String, Object> c : witnessed.values()) {
                long sequence = number(c, "sequence");
                boolean inFile = checkpoints.containsKey(sequence);
                if (sequence <= last && !inFile || sequence > last && instant(text(c, "signedAt")).isBefore(claimed)) {
                    return fail(sequence, "the checkpoint of event " + sequence + " signed at " + c.get("signedAt")
                            + " is present at the witness, missing from the database (and this export)");
                }
            }
            for (long sequence : checkpoints.keySet()) {
                if (sequence > last) {
                    return fail(sequence, "a signed checkpoint covers event " + sequence + ", but the log ends at " + last);
                }
            }
            if (signed == 0 && !options.containsKey("allow-unsigned")) {
                return fail(0, "no signed checkpoint verified, so nothing vouches for these " + last
                        + " events (use --allow-unsigned to accept an unsigned chain)");
            }
            out.println("Verified: " + last + " events chain correctly and " + signed + " signed checkpoints hold"
                    + (witnessed.isEmpty() ? "" : ", with " + witnessed.size() + " witnessed")
                    + (last > covered ? "; the last " + (last - covered) + " events are covered by no checkpoint." : "."));
            return 0;
        }
    }

    /** Canonical form version 1, or 2 when the event has {@code appendedAt} (README). */
    private static byte[] canonical(Map<String, Object> s, long sequence, byte[] previousHash) {
        String appendedAt = (String) s.get("appendedAt");
        Canonical c = new Canonical(appendedAt == null ? "crosslayer-audit-v1" : "crosslayer-audit-v2");
        c.text((String) s.get("tenantId")).int64(sequence).text((String) s.get("eventIdentifier"))
                .text((String) s.get("payloadType")).text((String) s.get("payloadRevision")).text((String) s.get("timeStamp"))
                .text((String) s.get("aggregateType")).text((String) s.get("aggregateIdentifier"))
                .int64(number(s, "aggregateSequence")).bytes(Base64.getDecoder().decode((String) s.get("payload")))
                .bytes(s.get("metaData") == null ? null : Base64.getDecoder().decode((String) s.get("metaData")))
                .bytes(previousHash);
        if (appendedAt != null) {
            c.text(appendedAt);
        }
        return c.out.toByteArray();
    }

    /** The first displayed field that is not what the stored bytes say, or null. */
    private static String displayedMismatch(Map<String, Object> record, Map<String, Object> stored) {
        Object metadata = stored.get("metaData") == null ? Map.of()
                : Json.parse(new String(Base64.getDecoder().decode((String) stored.get("metaData")), StandardCharsets.UTF_8));
        Map<String, Object> meta = metadata instanceof Map<?, ?> ? object(metadata) : Map.of();
        Object payload = Json.parse(new String(Base64.getDecoder().decode((String) stored.get("payload")), StandardCharsets.UTF_8));
        String actor = meta.get("actor") instanceof String a ? a : "system";
        String aggregateType = (String) stored.get("aggregateType");
        Map<String, Object> context = new LinkedHashMap<>();
        for (String key : List.of("source", "correlationId", "traceId")) {
            if (meta.get(key) != null) {
                context.put(key, String.valueOf(meta.get(key)));
            }
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", stored.get("eventIdentifier"));
        expected.put("action", action(aggregateType, (String) stored.get("payloadType")));
        expected.put("occurredAt", stored.get("timeStamp"));
        expected.put("appendedAt", stored.get("appendedAt"));
        expected.put("actor", Map.of("id", actor, "type", "system".equals(actor) ? "system" : "user"));
        expected.put("targets", List.of(Map.of("type", aggregateType == null ? "event" : aggregateType.toLowerCase(Locale.ROOT),
                "id", stored.get("aggregateIdentifier"))));
        expected.put("context", context);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", stored.get("payloadType"));
        event.put("revision", stored.get("payloadRevision"));
        event.put("data", payload instanceof Map<?, ?> ? payload : Map.of());
        expected.put("event", event);
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            if (!Json.same(field.getValue(), record.get(field.getKey()))) {
                return "field " + field.getKey();
            }
        }
        return null;
    }

    /** As the README's audit records name it: tenant.member_joined from Tenant and ...MemberJoined. */
    private static String action(String aggregateType, String payloadType) {
        String event = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        String aggregate = aggregateType == null ? "" : aggregateType;
        if (!aggregate.isEmpty() && event.startsWith(aggregate) && event.length() > aggregate.length()) {
            event = event.substring(aggregate.length());
        }
        String verb = event.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return aggregate.isEmpty() ? verb : aggregate.toLowerCase(Locale.ROOT) + "." + verb;
    }

    private List<Map<String, Object>> witness(Path directory, String tenant) throws IOException {
        Path folder = directory.resolve(tenant);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d{19}\\.json")).sorted().toList()) {
                all.add(json(file));
            }
        }
        return all;
    }

    // --- checkpoints and proofs ------------------------------------------------------------------

    /** Null when the checkpoint is of this tenant and its signature holds with a trusted key. */
    private String checkpointProblem(Map<String, Object> c, String tenant) {
        if (tenant != null && !tenant.equals(c.get("tenantId"))) {
            return "a checkpoint of another tenant is mixed in";
        }
        byte[] key = keys.get(text(c, "keyId"));
        if (key == null) {
            return "the checkpoint was signed by key " + c.get("keyId") + ", which is not among the trusted keys " + keys.keySet();
        }
        String root = (String) c.get("treeRoot");
        Canonical message = new Canonical(root == null ? "crosslayer-checkpoint-v1" : "crosslayer-checkpoint-v2")
                .text(text(c, "tenantId")).int64(number(c, "sequence")).bytes(HEX.parseHex(text(c, "headHash")))
                .text(text(c, "signedAt"));
        if (root != null) {
            message.bytes(HEX.parseHex(root));
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    ByteBuffer.allocate(44).put(ED25519_SPKI).put(key).array())));
            ed25519.update(message.out.toByteArray());
            return ed25519.verify(Base64.getDecoder().decode(text(c, "signature"))) ? null
                    : "the checkpoint's signature does not verify with key " + c.get("keyId");
        } catch (GeneralSecurityException e) {
            return "the checkpoint's signature cannot be checked: " + e.getMessage();
        }
    }

    private int consistency(Map<String, Object> proof, Map<String, Object> older, Map<String, Object> newer) {
        for (Map<String, Object> c : List.of(older, newer)) {
            String problem = checkpointProblem(c, text(older, "tenantId"));
            if (problem != null || c.get("treeRoot") == null) {
                return fail(number(c, "sequence"), problem == null ? "the checkpoint signs no tree root" : problem);
            }
        }
        long from = number(older, "sequence");
        long to = number(newer, "sequence");
        if (number(proof, "from") != from || number(proof, "to") != to) {
            return fail(0, "the proof is not between these two checkpoints' tree sizes");
        }
        if (!Merkle.consistent(from, HEX.parseHex(text(older, "treeRoot")), to, HEX.parseHex(text(newer, "treeRoot")), hashes(proof))) {
            return fail(to, "the tree signed at " + newer.get("signedAt") + " does not extend the one signed at "
                    + older.get("signedAt") + ": the log did not only grow");
        }
        out.println("Verified: the tree of " + to + " events signed at " + newer.get("signedAt") + " extends the tree of "
                + from + " signed at " + older.get("signedAt") + " (" + hashes(proof).size() + " hashes).");
        return 0;
    }

    private int inclusion(Map<String, Object> proof, Map<String, Object> checkpoint, String eventHash) {
        if (eventHash == null) {
            throw new Usage("--event-hash is the hash of the event you hold (hex)");
        }
        String problem = checkpointProblem(checkpoint, null);
        if (problem != null || checkpoint.get("treeRoot") == null) {
            return fail(number(checkpoint, "sequence"), problem == null ? "the checkpoint signs no tree root" : problem);
        }
        long size = number(checkpoint, "sequence");
        long leaf = number(proof, "sequence") - 1;
        if (number(proof, "treeSize") != size || !Merkle.included(Merkle.leaf(HEX.parseHex(eventHash)), leaf, size,
                hashes(proof), HEX.parseHex(text(checkpoint, "treeRoot")))) {
            return fail(leaf + 1, "the event is not in the tree signed at " + checkpoint.get("signedAt"));
        }
        out.println("Verified: event " + (leaf + 1) + " is in the tree of " + size + " events signed at "
                + checkpoint.get("signedAt") + ".");
        return 0;
    }

    private static List<byte[]> hashes(Map<String, Object> proof) {
        List<byte[]> hashes = new ArrayList<>();
        for (Object h : (List<?>) proof.get("proof")) {
            hashes.add(HEX.parseHex((String) h));
        }
        return hashes;
    }

    // --- small things ----------------------------------------------------------------------------

    private int fail(long sequence, String reason) {
        out.println("NOT VERIFIED: " + (sequence > 0 ? "event " + sequence + ": " : "") + reason + ".");
        return 1;
    }

    /** A key in base64, several comma-separated, the JSON of /api/audit/public-key, or a file holding either. */
    private void readKeys(String value) throws IOException {
        String text = value.trim();
        if (!text.startsWith("{") && Files.isRegularFile(Path.of(text))) {
            text = Files.readString(Path.of(text)).trim();
        }
        List<String> encoded = new ArrayList<>();
        if (text.startsWith("{")) {
            Map<String, Object> published = object(Json.parse(text));
            encoded.add(text(published, "publicKey"));
            if (published.get("retired") instanceof List<?> retired) {
                retired.forEach(old -> encoded.add(text(object(old), "publicKey")));
            }
        } else {
            encoded.addAll(Arrays.asList(text.split(",")));
        }
        for (String key : encoded) {
            byte[] raw = Base64.getDecoder().decode(key.trim());
            if (raw.length != 32) {
                throw new Usage("a public key is 32 bytes of Ed25519 in base64");
            }
            keys.put(HEX.formatHex(Arrays.copyOf(sha256(raw), 8)), raw);
        }
    }

    private static Map<String, Object> json(Path file) throws IOException {
        return object(Json.parse(Files.readString(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a JSON object was expected");
        }
        return (Map<String, Object>) value;
    }

    private static String text(Map<String, Object> object, String field) {
        if (!(object.get(field) instanceof String value)) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static long number(Map<String, Object> object, String field) {
        if (!(object.get(field) instanceof BigDecimal value)) {
            throw new IllegalArgumentException("'" + field + "' is not a number");
        }
        return value.longValueExact();
    }

    private static String arg(List<String> positional, int index) {
        if (positional.size() <= index) {
            throw new Usage("a file is missing");
        }
        return positional.get(index);
    }

    private static Instant instant(String iso) {
        return OffsetDateTime.parse(iso).toInstant();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    /** Length-prefixed fields (4-byte big-endian length, -1 for null) and 8-byte integers, after an ASCII prefix. */
    private static final class Canonical {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Canonical(String prefix) {
            out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
        }

        Canonical text(String value) {
            return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        Canonical bytes(byte[] value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
            if (value != null) {
                out.writeBytes(value);
            }
            return this;
        }

        Canonical int64(long value) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
            return this;
        }
    }

    /** RFC 9162's verification algorithms (2.1.3.2 and 2.1.4.2). */
    static final class Merkle {
        static byte[] leaf(byte[] eventHash) {
            return sha256(new byte[]{0}, eventHash);
        }

        static byte[] node(byte[] left, byte[] right) {
            return sha256(new byte[]{1}, left, right);
        }

        static boolean included(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
            if (index < 0 || index >= size) {
                return false;
            }
            long fn = index;
            long sn = size - 1;
            byte[] r = leafHash;
            for (byte[] p : proof) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = node(p, r);
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                } else {
                    r = node(r, p);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 && Arrays.equals(r, root);
        }

        static boolean consistent(long from, byte[] fromRoot, long to, byte[] toRoot, List<byte[]> proof) {
            if (from < 1 || from > to) {
                return false;
            }
            if (from == to) {
                return proof.isEmpty() && Arrays.equals(fromRoot, toRoot);
            }
            List<byte[]> path = new ArrayList<>(proof);
            if (Long.bitCount(from) == 1) {
                path.add(0, fromRoot);
            }
            if (path.isEmpty()) {
                return false;
            }
            long fn = from - 1;
            long sn = to - 1;
            while ((fn & 1) == 1) {
                fn >>= 1;
                sn >>= 1;
            }
            byte[] fr = path.get(0);
            byte[] sr = path.get(0);
            for (byte[] c : path.subList(1, path.size())) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    fr = node(c, fr);
                    sr = node(c, sr);
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                } else {
                    sr = node(sr, c);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 && Arrays.equals(fr, fromRoot) && Arrays.equals(sr, toRoot);
        }
    }

    /** Just enough JSON (RFC 8259): objects keep their order, numbers are BigDecimal, null is null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length()) {
                throw new IllegalArgumentException("text follows the JSON value");
            }
            return value;
        }

        /** Equal as JSON: numbers by value, objects whatever their order. */
        static boolean same(Object a, Object b) {
            if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
                return x.compareTo(y) == 0;
            }
            if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
                return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
            }
            if (a instanceof List<?> x && b instanceof List<?> y) {
                if (x.size() != y.size()) {
                    return false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!same(x.get(i), y.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            return Objects.equals(a, b);
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw new IllegalArgumentException("the JSON ends too soon");
            }
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                space();
                if (peek('}')) {
                    return object;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    object.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                space();
                if (peek(']')) {
                    return array;
                }
                do {
                    array.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return array;
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[]{"true", "false", "null"}) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return "null".equals(word) ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("not JSON at character " + at);
            }
            return new BigDecimal(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw new IllegalArgumentException("a JSON string is not closed");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return s.toString();
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> s.append(e);
                }
            }
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean peek(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("'" + c + "' expected at character " + at);
            }
        }
    }
}
