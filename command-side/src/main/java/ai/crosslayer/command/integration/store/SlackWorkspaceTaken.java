package ai.crosslayer.command.integration.store;

/** The Slack workspace is already connected to another CrossLayer tenant: one workspace, one tenant. */
public class SlackWorkspaceTaken extends RuntimeException {

    public SlackWorkspaceTaken() {
        super("This Slack workspace is already connected to another CrossLayer account. An admin of that "
                + "account must disconnect it first.");
    }
}
