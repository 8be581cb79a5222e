-- A closed (offboarded) tenant takes no more rows in the write side's tables whose rows its offboarding
-- deletes, nor data keys: refuse_rows_of_closed_tenant() (db/eventstore V20261201_1610__closed_tenant.sql)
-- refuses them with SQLSTATE CL001, so a late writer (work in hand when the tenant was offboarded) cannot
-- recreate them.
DO $$
DECLARE
    guarded TEXT;
BEGIN
    FOREACH guarded IN ARRAY ARRAY['personal_data_key', 'integration_token', 'oauth_state', 'member_session',
            'tenant_sign_in_key', 'slack_inbox', 'slack_event_receipt', 'skill_card_outbox', 'signal_outbox',
            'skill_watch', 'member_role'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION refuse_rows_of_closed_tenant()', guarded || '_refuses_closed_tenant', guarded);
    END LOOP;
END
$$;
