package ai.crosslayer.command.governance;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.FindGovernanceQuery;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.GovernanceView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * What the policy says, asked at the moment of a decision (a card press, an incoming message, an inbox
 * purge). It reads the governance read model, which trails a change by a moment. Blocking.
 */
@Component
public class Governance {

    private final QueryGateway queries;

    Governance(QueryGateway queries) {
        this.queries = queries;
    }

    public GovernanceSettings of(TenantId tenant) {
        return view(tenant).settings();
    }

    /** The policy with its revision, for a change built on it. */
    public GovernanceView view(TenantId tenant) {
        GovernanceView view = TenantScope.call(tenant, () -> queries.query(new FindGovernanceQuery(tenant),
                ResponseTypes.instanceOf(GovernanceView.class)).join());
        return view == null ? new GovernanceView(0, GovernanceSettings.DEFAULTS, null, null) : view;
    }
}
