-- Issue 15.5: who may move a tenant's chain head, and who may sign it.
--
--   crosslayer_chain   NOLOGIN. Owns the two chain triggers' functions, which run SECURITY DEFINER: the
--                      only way a tenant's head moves is an append. Nobody logs in as it.
--   crosslayer_signer  the service's checkpoint signer: reads every tenant's chain (to verify it
--                      before signing) and inserts checkpoints. Nothing else.
--   crosslayer_app     keeps SELECT and INSERT on events, SELECT on heads and checkpoints; it can
--                      neither move a head nor insert a checkpoint any more.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosslayer_chain') THEN
        CREATE ROLE crosslayer_chain NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosslayer_signer') THEN
        CREATE ROLE crosslayer_signer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
    END IF;
END
$$;

-- The migrating owner must be able to SET ROLE crosslayer_chain to hand it the functions. A superuser
-- can; a non-superuser owner holds ADMIN OPTION on the roles it created, but on PostgreSQL 16+ without
-- SET or INHERIT (createrole_self_grant is empty by default), so it grants itself both: SET to hand the
-- functions over, INHERIT to replace them in later migrations (it owns the tables they touch anyway).
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        IF current_setting('server_version_num')::int >= 160000 THEN
            EXECUTE 'GRANT crosslayer_chain TO CURRENT_USER WITH INHERIT TRUE, SET TRUE';
        ELSIF NOT pg_has_role(current_user, 'crosslayer_chain', 'MEMBER') THEN
            EXECUTE 'GRANT crosslayer_chain TO CURRENT_USER';
        END IF;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO crosslayer_chain, crosslayer_signer;

-- The chain keeper: registers tenants and moves heads, from inside the triggers only.
GRANT SELECT, INSERT ON tenant TO crosslayer_chain;
GRANT UPDATE (head_sequence, head_hash) ON tenant TO crosslayer_chain;
CREATE POLICY tenant_chain ON tenant TO crosslayer_chain USING (true) WITH CHECK (true);

REVOKE UPDATE (head_sequence, head_hash) ON tenant FROM crosslayer_app;
REVOKE INSERT ON tenant FROM crosslayer_app;

-- The head is carried through a transaction in a setting (see the hash-chain migration), and a session
-- can write its own settings: so the statement trigger checks that what was appended continues the head
-- it replaces (first sequence right after it, first previous hash equal to it, no gap), and refuses the
-- append otherwise. A forged setting therefore cannot fork, skip or rewind a chain.
CREATE OR REPLACE FUNCTION advance_chain_heads() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    moved   BIGINT;
    tenants BIGINT;
BEGIN
    WITH span AS (
        SELECT tenant_id, min(tenant_sequence) AS first_sequence, max(tenant_sequence) AS last_sequence,
               count(*) AS appended_count
        FROM appended GROUP BY tenant_id
    ), ends AS (
        SELECT s.tenant_id, s.first_sequence, s.last_sequence, s.appended_count,
               f.prev_hash AS first_prev_hash, l.hash AS last_hash
        FROM span s
        JOIN appended f ON f.tenant_id = s.tenant_id AND f.tenant_sequence = s.first_sequence
        JOIN appended l ON l.tenant_id = s.tenant_id AND l.tenant_sequence = s.last_sequence
    )
    UPDATE tenant t SET head_sequence = e.last_sequence, head_hash = e.last_hash
    FROM ends e
    WHERE t.tenant_id = e.tenant_id
      AND t.head_sequence = e.first_sequence - 1
      AND t.head_hash = e.first_prev_hash
      AND e.appended_count = e.last_sequence - e.first_sequence + 1;
    GET DIAGNOSTICS moved = ROW_COUNT;
    SELECT count(DISTINCT tenant_id) INTO tenants FROM appended;
    IF moved <> tenants THEN
        RAISE EXCEPTION 'an append does not continue its tenant''s chain head: refused'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

ALTER FUNCTION register_tenant() SECURITY DEFINER SET search_path FROM CURRENT;
-- A function's new owner must be allowed to create in its schema, for the moment of the change only.
GRANT CREATE ON SCHEMA public TO crosslayer_chain;
ALTER FUNCTION register_tenant() OWNER TO crosslayer_chain;
ALTER FUNCTION advance_chain_heads() OWNER TO crosslayer_chain;
REVOKE CREATE ON SCHEMA public FROM crosslayer_chain;

-- The signer: reads what it signs, inserts checkpoints, across tenants by nature.
GRANT SELECT ON domain_event_entry TO crosslayer_signer;
GRANT SELECT (tenant_id, head_sequence, head_hash) ON tenant TO crosslayer_signer;
GRANT SELECT, INSERT ON audit_checkpoint TO crosslayer_signer;
CREATE POLICY domain_event_entry_signer ON domain_event_entry FOR SELECT TO crosslayer_signer USING (true);
CREATE POLICY tenant_signer ON tenant FOR SELECT TO crosslayer_signer USING (true);
CREATE POLICY audit_checkpoint_signer ON audit_checkpoint TO crosslayer_signer USING (true) WITH CHECK (true);

REVOKE INSERT ON audit_checkpoint FROM crosslayer_app;
