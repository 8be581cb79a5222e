package ai.crosslayer.projections.governance;

import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.GovernanceSettingChanged;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;

import static ai.crosslayer.projections.schema.Tables.GOVERNANCE_POLICY;
import static ai.crosslayer.projections.schema.Tables.GOVERNANCE_POLICY_SETTING;

/** Keeps {@code governance_policy} and {@code governance_policy_setting}; idempotent, so a replay leaves the same rows. */
@Component
@ProcessingGroup(GovernancePolicyProjection.PROCESSING_GROUP)
public class GovernancePolicyProjection {

    public static final String PROCESSING_GROUP = "governance-policy";

    private final DSLContext sql;
    private final ProjectionWrites writes;

    public GovernancePolicyProjection(DSLContext sql, ProjectionWrites writes) {
        this.sql = sql;
        this.writes = writes;
    }

    @EventHandler
    void on(GovernanceSettingChanged event) {
        String tenant = event.tenantId().value();
        writes.add(sql.insertInto(GOVERNANCE_POLICY)
                .set(GOVERNANCE_POLICY.TENANT_ID, tenant)
                .set(GOVERNANCE_POLICY.REVISION, event.revision())
                .set(GOVERNANCE_POLICY.CHANGED_BY, event.changedBy())
                .set(GOVERNANCE_POLICY.CHANGED_AT, event.changedAt().atOffset(ZoneOffset.UTC))
                .onConflict(GOVERNANCE_POLICY.TENANT_ID).doUpdate()
                .set(GOVERNANCE_POLICY.REVISION, event.revision())
                .set(GOVERNANCE_POLICY.CHANGED_BY, event.changedBy())
                .set(GOVERNANCE_POLICY.CHANGED_AT, event.changedAt().atOffset(ZoneOffset.UTC))
                .where(GOVERNANCE_POLICY.TENANT_ID.eq(tenant)));
        writes.add(sql.insertInto(GOVERNANCE_POLICY_SETTING)
                .set(GOVERNANCE_POLICY_SETTING.TENANT_ID, tenant)
                .set(GOVERNANCE_POLICY_SETTING.SETTING, event.setting())
                .set(GOVERNANCE_POLICY_SETTING.VALUE, event.newValue())
                .onConflict(GOVERNANCE_POLICY_SETTING.TENANT_ID, GOVERNANCE_POLICY_SETTING.SETTING).doUpdate()
                .set(GOVERNANCE_POLICY_SETTING.VALUE, event.newValue())
                .where(GOVERNANCE_POLICY_SETTING.TENANT_ID.eq(tenant)));
    }

    /** An offboarded tenant (issue 18) leaves no row here; its later events, if any, find none to change. */
    @EventHandler
    void on(TenantOffboarded event) {
        writes.add(sql.deleteFrom(GOVERNANCE_POLICY_SETTING).where(GOVERNANCE_POLICY_SETTING.TENANT_ID.eq(event.tenantId().value())));
        writes.add(sql.deleteFrom(GOVERNANCE_POLICY).where(GOVERNANCE_POLICY.TENANT_ID.eq(event.tenantId().value())));
    }

    @ResetHandler
    void reset() {
        TenantScope.crossTenant(() -> sql.truncate(GOVERNANCE_POLICY).cascade().execute());
    }
}
