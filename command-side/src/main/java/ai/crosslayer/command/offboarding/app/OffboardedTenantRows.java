package ai.crosslayer.command.offboarding.app;

import ai.crosslayer.command.tenant.store.SignInKeys;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * What an offboarded tenant leaves on the write side goes in the transaction that records {@link TenantOffboarded}
 * (the subscribing group that keeps sign-in keys and sessions): every session, sign-in key, OAuth state, inbox row
 * and receipt, outbox row and skill watch, any token left, and every data key of the tenant
 * ({@link PersonalDataKeys#destroyAllOf}). A failure here refuses the offboarding: nothing is recorded half done.
 */
@Component
@ProcessingGroup(SignInKeys.PROCESSING_GROUP)
class OffboardedTenantRows {

    private static final Logger log = LoggerFactory.getLogger(OffboardedTenantRows.class);

    /** The write side's tenant-scoped tables, children before the rows they name. */
    static final List<String> TABLES = List.of("member_session", "tenant_sign_in_key", "oauth_state", "slack_inbox",
            "slack_event_receipt", "skill_card_outbox", "signal_outbox", "skill_watch", "integration_token");

    private final DSLContext sql;
    private final PersonalDataKeys dataKeys;

    OffboardedTenantRows(DSLContext sql, PersonalDataKeys dataKeys) {
        this.sql = sql;
        this.dataKeys = dataKeys;
    }

    @EventHandler
    void on(TenantOffboarded event) {
        int rows = 0;
        for (String name : TABLES) {
            rows += sql.deleteFrom(table(name(name)))
                    .where(field(name("tenant_id"), String.class).eq(event.tenantId().value()))
                    .execute();
        }
        int keys = dataKeys.destroyAllOf(event.tenantId());
        log.info("offboarding tenant {}: deleted {} row(s) of the write side and destroyed {} data key(s)",
                event.tenantId(), rows, keys);
    }
}
