-- Issue 18.3: an offboarded tenant is closed for good, and the database holds it closed. Work that was
-- already running when the tenant closed (an extraction, a signal post, a late provider answer, the
-- retention job) must not append to the tenant's other aggregates after TenantOffboarded and its final
-- checkpoint, nor recreate a data key, a token or an inbox row that the offboarding deleted.
--
-- tenant.closed_at is set by the chain trigger in the statement that appends TenantOffboarded, and by
-- nothing else: only crosslayer_chain (the triggers' owner, which nobody logs in as) may write it, and it
-- only ever writes it once. From then on, every append of an event of the tenant, and every insert into a
-- table whose rows the offboarding deletes, is refused with SQLSTATE CL001 ("tenant closed"), which the
-- service tells apart from a failure: the work is dropped, not retried.
ALTER TABLE tenant ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE;
GRANT UPDATE (closed_at) ON tenant TO crosslayer_chain;
-- Work that visits every tenant (key rotation, reminders, retention) passes closed ones by.
GRANT SELECT (closed_at) ON tenant TO crosslayer_system;

-- The statement trigger of the chain (see the audit-chain-roles migration) also closes and guards. It is the
-- check a session cannot get around: a forged carried head skips the row trigger's read of the tenant row,
-- never this one. An append is refused when its tenant was closed before the statement, or when anything
-- of the tenant follows TenantOffboarded in the same statement; TenantOffboarded itself closes the tenant.
CREATE OR REPLACE FUNCTION advance_chain_heads() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    moved   BIGINT;
    tenants BIGINT;
    closed  VARCHAR(36);
BEGIN
    -- The offboarding's statement locks its tenant's row for update (the row trigger's first read of the row
    -- usually has already; a carried head skips that read): it conflicts with the FOR KEY SHARE by which an
    -- insert into a guarded table reads closed_at (below), so such an insert waits for the offboarding and then
    -- sees the tenant closed. The update of the row further down takes only FOR NO KEY UPDATE, which would not.
    PERFORM 1 FROM tenant WHERE tenant_id IN (SELECT tenant_id FROM appended
                                              WHERE payload_type = 'ai.crosslayer.kernel.tenant.TenantOffboarded')
        FOR UPDATE;
    WITH span AS (
        SELECT tenant_id, min(tenant_sequence) AS first_sequence, max(tenant_sequence) AS last_sequence,
               count(*) AS appended_count,
               count(*) FILTER (WHERE payload_type = 'ai.crosslayer.kernel.tenant.TenantOffboarded') AS closings
        FROM appended GROUP BY tenant_id
    ), ends AS (
        SELECT s.tenant_id, s.first_sequence, s.last_sequence, s.appended_count, s.closings,
               f.prev_hash AS first_prev_hash, l.hash AS last_hash,
               l.payload_type = 'ai.crosslayer.kernel.tenant.TenantOffboarded' AS closes_last
        FROM span s
        JOIN appended f ON f.tenant_id = s.tenant_id AND f.tenant_sequence = s.first_sequence
        JOIN appended l ON l.tenant_id = s.tenant_id AND l.tenant_sequence = s.last_sequence
    )
    UPDATE tenant t SET head_sequence = e.last_sequence, head_hash = e.last_hash,
                        closed_at = CASE WHEN e.closings > 0 THEN clock_timestamp() END
    FROM ends e
    WHERE t.tenant_id = e.tenant_id
      AND t.head_sequence = e.first_sequence - 1
      AND t.head_hash = e.first_prev_hash
      AND e.appended_count = e.last_sequence - e.first_sequence + 1
      AND t.closed_at IS NULL
      AND (e.closings = 0 OR (e.closings = 1 AND e.closes_last));
    GET DIAGNOSTICS moved = ROW_COUNT;
    SELECT count(DISTINCT tenant_id) INTO tenants FROM appended;
    IF moved <> tenants THEN
        -- Only on a refusal: which one it is.
        SELECT a.tenant_id INTO closed FROM appended a JOIN tenant t ON t.tenant_id = a.tenant_id
            WHERE t.closed_at IS NOT NULL
               OR EXISTS (SELECT FROM appended o WHERE o.tenant_id = a.tenant_id
                              AND o.payload_type = 'ai.crosslayer.kernel.tenant.TenantOffboarded'
                              AND o.tenant_sequence < a.tenant_sequence)
            LIMIT 1;
        IF closed IS NOT NULL THEN
            RAISE EXCEPTION 'tenant % is offboarded: its stream takes no more events', closed
                USING ERRCODE = 'CL001';
        END IF;
        RAISE EXCEPTION 'an append does not continue its tenant''s chain head: refused'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- The write side's tables whose rows the offboarding deletes, and the data keys: a late writer must not
-- recreate them. The tenant row is read FOR KEY SHARE (as the foreign key's own check reads it), which the
-- offboarding's FOR UPDATE of the row (advance_chain_heads, above) conflicts with, so an insert racing the
-- offboarding waits for it to commit and then sees the tenant closed; an offboarding that comes second deletes
-- the row the insert committed. A tenant without a row yet (its first event is being
-- appended in this transaction) is not closed.
CREATE FUNCTION refuse_rows_of_closed_tenant() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    closed TIMESTAMP WITH TIME ZONE;
BEGIN
    SELECT closed_at INTO closed FROM tenant WHERE tenant_id = NEW.tenant_id FOR KEY SHARE;
    IF closed IS NOT NULL THEN
        RAISE EXCEPTION 'tenant % is offboarded: % takes no more rows of it', NEW.tenant_id, TG_TABLE_NAME
            USING ERRCODE = 'CL001';
    END IF;
    RETURN NEW;
END
$$;

GRANT CREATE ON SCHEMA public TO crosslayer_chain;
ALTER FUNCTION refuse_rows_of_closed_tenant() OWNER TO crosslayer_chain;
REVOKE CREATE ON SCHEMA public FROM crosslayer_chain;

-- The triggers on the write side's tables are made in db/command (V20261201_1613__closed_tenant_rows.sql),
-- beside the tables: the projections' schema is migrated without them.
