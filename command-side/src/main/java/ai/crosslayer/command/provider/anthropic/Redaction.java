package ai.crosslayer.command.provider.anthropic;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text before it leaves for the model: tokens and keys of the common providers,
 * private key blocks, JWTs, and the value of anything that calls itself a password, secret, token or key.
 * Each is replaced by {@code [REDACTED]}, so the model still sees that something was there.
 */
public final class Redaction {

    static final String MARK = "[REDACTED]";

    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", Pattern.DOTALL),
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("\\bxapp-[A-Za-z0-9-]{10,}"),
            Pattern.compile("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
            Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{10,}"),
            Pattern.compile("\\bsk-[A-Za-z0-9]{20,}"),
            Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            Pattern.compile("(?i)\\b(?:postgres(?:ql)?|mysql|mongodb(?:\\+srv)?|redis|amqp)://[^\\s:@/]+:[^\\s@/]+@"));

    /** {@code password: hunter2}, {@code API_KEY=abc}, {@code "client_secret": "abc"}: the value goes. */
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?i)\\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*)"
                    + "(\"?\\s*[:=]\\s*\"?)([^\\s\"',;]{3,})");

    private Redaction() {
    }

    public static String redact(String text) {
        String result = text;
        for (Pattern secret : SECRETS) {
            result = secret.matcher(result).replaceAll(Matcher.quoteReplacement(MARK));
        }
        return ASSIGNED.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + match.group(2) + MARK));
    }
}
