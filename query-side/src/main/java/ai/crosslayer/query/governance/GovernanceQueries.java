package ai.crosslayer.query.governance;

import ai.crosslayer.kernel.governance.FindGovernanceQuery;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.GovernanceView;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.Map;

import static ai.crosslayer.projections.schema.Tables.GOVERNANCE_POLICY;
import static ai.crosslayer.projections.schema.Tables.GOVERNANCE_POLICY_SETTING;

/** Answers what a tenant's policy is; a policy never changed is the defaults at revision 0. */
@Component
class GovernanceQueries {

    private final DSLContext sql;

    GovernanceQueries(DSLContext sql) {
        this.sql = sql;
    }

    @QueryHandler
    GovernanceView handle(FindGovernanceQuery query) {
        String tenant = query.tenantId().value();
        var policy = sql.selectFrom(GOVERNANCE_POLICY).where(GOVERNANCE_POLICY.TENANT_ID.eq(tenant)).fetchOptional();
        if (policy.isEmpty()) {
            return new GovernanceView(0, GovernanceSettings.DEFAULTS, null, null);
        }
        Map<String, String> settings = sql.select(GOVERNANCE_POLICY_SETTING.SETTING, GOVERNANCE_POLICY_SETTING.VALUE)
                .from(GOVERNANCE_POLICY_SETTING).where(GOVERNANCE_POLICY_SETTING.TENANT_ID.eq(tenant))
                .fetchMap(GOVERNANCE_POLICY_SETTING.SETTING, GOVERNANCE_POLICY_SETTING.VALUE);
        return new GovernanceView(policy.get().getRevision(), GovernanceSettings.fromText(settings),
                policy.get().getChangedBy(), policy.get().getChangedAt().toInstant());
    }
}
