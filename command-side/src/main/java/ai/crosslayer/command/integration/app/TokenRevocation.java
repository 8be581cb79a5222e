package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.integration.store.MasterKeyRetired;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.SecretToken;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * What revoking an integration does to its token: deleted from the vault in the very transaction that appends
 * {@code IntegrationRevoked} (a subscribing processor, like the sign-in keys), so that the log never shows a
 * revocation whose token is still kept; a failure here refuses the revocation. When the reason calls for it, the
 * token is opened first, held in memory only, and handed to {@link ProviderRevocations} to be revoked at the
 * provider once the transaction has committed. The Integration aggregate decides; it touches neither the vault
 * nor a thread pool (issue 13, item 2).
 */
@Component
@ProcessingGroup(TokenRevocation.PROCESSING_GROUP)
class TokenRevocation {

    static final String PROCESSING_GROUP = "integration-token-revocation";

    private final TokenVault vault;
    private final ProviderRevocations providerRevocations;

    TokenRevocation(TokenVault vault, ProviderRevocations providerRevocations) {
        this.vault = vault;
        this.providerRevocations = providerRevocations;
    }

    @Autowired
    void deleteTokensInTheCommandTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(PROCESSING_GROUP);
    }

    @EventHandler
    void on(IntegrationRevoked event) {
        Optional<SecretToken> token = Optional.empty();
        String unopenable = null;
        if (event.reason().providerMustBeTold()) {
            try {
                token = vault.open(event.tenantId(), event.integrationId());
            } catch (MasterKeyRetired e) {
                unopenable = e.getMessage();
            }
        }
        vault.delete(event.tenantId(), event.integrationId());
        if (token.isPresent()) {
            providerRevocations.afterCommit(event.tenantId(), event.integrationId(), event.provider(), token.get());
        } else if (unopenable != null) {
            providerRevocations.afterCommitRecordFailure(event.tenantId(), event.integrationId(), event.provider(), unopenable);
        }
    }
}
