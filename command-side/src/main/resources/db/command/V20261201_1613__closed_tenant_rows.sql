-- A closed (offboarded) tenant takes no more rows in the write side's tables whose rows its offboarding
-- deletes, nor data keys: refuse_rows_of_closed_tenant() (db/eventstore V20261201_1610__closed_tenant.sql)
-- refuses them with SQLSTATE CL001, so a late writer (work in hand when the tenant was offboarded) cannot
-- recreate them.
--
-- The check runs when the transaction commits (a deferred constraint trigger), as the deferred foreign keys of
-- personal_data_key and member_role do: it reads the tenant row FOR KEY SHARE, and taken at the insert, that lock
-- would come before the same transaction's first append locks the row FOR UPDATE (register_tenant), so two
-- transactions that each make a data key and then append (two skills extracted at once) would deadlock. At commit,
-- a transaction that appended already holds the row; one that did not waits for the appender, as the foreign key
-- check does, and an insert racing the offboarding still waits for it and then sees the tenant closed.
DO $$
DECLARE
    guarded TEXT;
BEGIN
    FOREACH guarded IN ARRAY ARRAY['personal_data_key', 'integration_token', 'oauth_state', 'member_session',
            'tenant_sign_in_key', 'slack_inbox', 'slack_event_receipt', 'skill_card_outbox', 'signal_outbox',
            'skill_watch', 'member_role'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                       'EXECUTE FUNCTION refuse_rows_of_closed_tenant()', guarded || '_refuses_closed_tenant', guarded);
    END LOOP;
END
$$;
