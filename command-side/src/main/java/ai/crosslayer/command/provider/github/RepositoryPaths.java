package ai.crosslayer.command.provider.github;

import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Paths inside a connected repository, as a caller names them ({@code ?path=} of the file route, the path of
 * {@code /crosslayer learn}). Such a path goes into GitHub's URL {@code /repos/{owner}/{repo}/contents/{path}}; it
 * must not be able to leave that repository ({@code ../../other-repo/contents/x}) or add to the request
 * ({@code README.md?ref=branch}). Issue 12, item 1.
 *
 * <p>A path is refused if it is empty or longer than {@value #MAX_BYTES} bytes (UTF-8), starts with {@code /},
 * holds a {@code \}, {@code ?}, {@code #} or a control character, has an empty segment, or has a {@code .} or
 * {@code ..} segment — also once percent-decoded (as often as it decodes), so that {@code %2e%2e} is no way
 * around. What passes is still encoded segment by segment when the request is built ({@link #encoded}).
 */
public final class RepositoryPaths {

    /** The longest path accepted, in UTF-8 bytes (the watch table keeps up to 1,024 characters). */
    public static final int MAX_BYTES = 1024;

    /** GitHub's owner and repository names: letters, digits, {@code -}, {@code _} and {@code .}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private RepositoryPaths() {
    }

    /** Why {@code path} may not be asked for, or empty when it may. */
    public static Optional<String> problem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("A path is required, such as docs/runbook.md.");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("A path is at most " + MAX_BYTES + " bytes.");
        }
        if (path.startsWith("/")) {
            return Optional.of("A path is relative to the repository's root: no leading '/'.");
        }
        String decoded = path;
        for (int round = 0; round < 5; round++) {
            Optional<String> problem = shape(decoded);
            if (problem.isPresent()) {
                return problem;
            }
            String next = decode(decoded);
            if (next == null) {
                return Optional.of("A path may not hold a malformed or undecodable percent-escape.");
            }
            if (next.equals(decoded)) {
                return Optional.empty();
            }
            decoded = next;
        }
        return Optional.of("A path may not be percent-encoded that many times.");
    }

    /** {@code owner/name} if both parts are GitHub names (and neither is {@code .} or {@code ..}). */
    public static boolean isRepositoryName(String fullName) {
        if (fullName == null) {
            return false;
        }
        String[] parts = fullName.split("/", -1);
        return parts.length == 2 && isName(parts[0]) && isName(parts[1]);
    }

    private static boolean isName(String part) {
        return NAME.matcher(part).matches() && !part.equals(".") && !part.equals("..");
    }

    /** The path as URL path segments, each percent-encoded; only for a path without {@link #problem}. */
    public static String encoded(String path) {
        if (problem(path).isPresent()) {
            throw new IllegalArgumentException("not a path inside a repository");
        }
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!encoded.isEmpty()) {
                encoded.append('/');
            }
            encoded.append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        return encoded.toString();
    }

    private static Optional<String> shape(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' || c == '?' || c == '#') {
                return Optional.of("A path may not hold '\\', '?' or '#'.");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("A path may not hold control characters.");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("A path may not have empty segments ('//', or a '/' at either end).");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("A path may not have '.' or '..' segments: it stays inside the repository.");
            }
        }
        return Optional.empty();
    }

    /** {@code text} with its percent-escapes decoded, or {@code null} when they are malformed or not UTF-8. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        try {
            String decoded = UriUtils.decode(text, StandardCharsets.UTF_8);
            return decoded.indexOf('\uFFFD') >= 0 && text.indexOf('\uFFFD') < 0 ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
