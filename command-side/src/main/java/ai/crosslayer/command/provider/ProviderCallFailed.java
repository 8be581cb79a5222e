package ai.crosslayer.command.provider;

/**
 * A call to Slack or GitHub did not do what was asked. The message says what the provider answered
 * (a status, an error code) and never carries a token, a code or a response body.
 */
public class ProviderCallFailed extends RuntimeException {

    public ProviderCallFailed(String message) {
        super(message);
    }
}
