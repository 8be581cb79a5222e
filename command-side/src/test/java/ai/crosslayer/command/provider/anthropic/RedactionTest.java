package ai.crosslayer.command.provider.anthropic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What never leaves for the model: secrets in the conversation. Issue #6. */
class RedactionTest {

    @Test
    void tokensKeysAndPasswordsAreRedactedAndTheRestIsKept() {
        String text = """
                Deploy with xoxb-test-not-a-real-token and ghp_TESTFAKEtestfakeTESTFAKE0000 then
                export ANTHROPIC_KEY=sk-ant-test-not-a-real-key; AWS AKIATESTFAKE00000000
                password: hunter22, "client_secret": "s3cr3t-value", DATABASE_URL=postgres://app:pa55word@db:5432/x
                -----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEA
                -----END RSA PRIVATE KEY-----
                then watch the canary.""";
        String redacted = Redaction.redact(text);
        assertThat(redacted).doesNotContain("xoxb-test-not-a-real", "ghp_TESTFAKE", "sk-ant-test-not", "AKIATESTFAKE",
                "hunter22", "s3cr3t-value", "pa55word", "MIIEowIBAAKCAQEA");
        assertThat(redacted).contains("Deploy with", "then watch the canary.", "password: [REDACTED]", Redaction.MARK);
    }

    @Test
    void ordinaryProseIsUntouched() {
        String text = "To rotate the key, first run the tokenizer tests, then deploy. The password policy is in the wiki.";
        assertThat(Redaction.redact(text)).isEqualTo(text);
    }
}
