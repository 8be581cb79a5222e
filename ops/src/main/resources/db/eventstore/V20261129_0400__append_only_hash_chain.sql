-- The audit log's guarantees, enforced by PostgreSQL itself (README: "The audit log").
--
-- 1. Append-only: crosslayer_app may only SELECT and INSERT events (see the grants of the event
--    store), and these triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included.
--
-- 2. A hash chain per tenant: each event gets the next number of its tenant's sequence, the hash of the
--    tenant's previous event (32 zero bytes for the first), and its own hash: SHA-256 over the
--    canonical form below. The tenant's row holds the chain head and stays locked from a
--    transaction's first append for that tenant until it commits, so concurrent appends to one
--    tenant form one unbroken chain while other tenants' appends never wait for them.

CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event store is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER domain_event_entry_is_append_only
    BEFORE UPDATE OR DELETE ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();

CREATE TRIGGER domain_event_entry_is_never_truncated
    BEFORE TRUNCATE ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

ALTER TABLE tenant
    ADD COLUMN head_sequence BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN head_hash     BYTEA  NOT NULL DEFAULT decode(repeat('00', 32), 'hex');

ALTER TABLE domain_event_entry
    ADD COLUMN tenant_sequence BIGINT NOT NULL,
    ADD COLUMN prev_hash       BYTEA  NOT NULL,
    ADD COLUMN hash            BYTEA  NOT NULL,
    ADD CONSTRAINT domain_event_entry_tenant_sequence_key UNIQUE (tenant_id, tenant_sequence);

-- One field of the canonical form: its length as a 4-byte big-endian integer, then its bytes;
-- NULL is the length -1 (ff ff ff ff) and no bytes.
CREATE FUNCTION audit_field(value BYTEA) RETURNS BYTEA LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN '\xffffffff'::bytea ELSE int4send(length(value)) || value END
$$;

CREATE FUNCTION audit_text(value TEXT) RETURNS BYTEA LANGUAGE sql IMMUTABLE AS $$
    SELECT audit_field(convert_to(value, 'UTF8'))
$$;

-- Replaces the tenant registration of the event-store migration: register, then chain.
-- The first event of a tenant in a transaction locks the tenant's row and reads the chain head from
-- it; the transaction then carries the head forward in a transaction-local setting, so that a
-- statement appending many events does not rewrite the tenant row once per event (which PostgreSQL
-- makes slower with every version of the row). The statement trigger below writes the head back.
CREATE OR REPLACE FUNCTION register_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    carried           TEXT := current_setting('crosslayer_chain.t_' || replace(NEW.tenant_id, '-', '_'), true);
    previous_sequence BIGINT;
    previous_hash     BYTEA;
BEGIN
    IF carried IS NULL OR carried = '' THEN
        INSERT INTO tenant (tenant_id) VALUES (NEW.tenant_id) ON CONFLICT (tenant_id) DO NOTHING;
        SELECT head_sequence, head_hash INTO previous_sequence, previous_hash
            FROM tenant WHERE tenant_id = NEW.tenant_id FOR UPDATE;
    ELSE
        previous_sequence := split_part(carried, ':', 1)::BIGINT;
        previous_hash := decode(split_part(carried, ':', 2), 'hex');
    END IF;
    NEW.tenant_sequence := previous_sequence + 1;
    NEW.prev_hash := previous_hash;
    -- The canonical form of an event, version 1 (the README spells it out; AuditChain in Java computes
    -- the same bytes). Written inline: as a function of the row it cost more than the hash itself.
    NEW.hash := sha256(convert_to('crosslayer-audit-v1', 'UTF8')
        || audit_text(NEW.tenant_id) || int8send(NEW.tenant_sequence) || audit_text(NEW.event_identifier)
        || audit_text(NEW.payload_type) || audit_text(NEW.payload_revision) || audit_text(NEW.time_stamp)
        || audit_text(NEW.type) || audit_text(NEW.aggregate_identifier) || int8send(NEW.sequence_number)
        || audit_field(NEW.payload) || audit_field(NEW.meta_data) || audit_field(NEW.prev_hash));
    PERFORM set_config('crosslayer_chain.t_' || replace(NEW.tenant_id, '-', '_'),
                       NEW.tenant_sequence || ':' || encode(NEW.hash, 'hex'), true);
    RETURN NEW;
END
$$;

CREATE FUNCTION advance_chain_heads() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tenant t SET head_sequence = latest.tenant_sequence, head_hash = latest.hash
    FROM (SELECT DISTINCT ON (tenant_id) tenant_id, tenant_sequence, hash
          FROM appended ORDER BY tenant_id, tenant_sequence DESC) latest
    WHERE t.tenant_id = latest.tenant_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER domain_event_entry_advances_chain_heads
    AFTER INSERT ON domain_event_entry
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION advance_chain_heads();

-- The application moves its own tenant's chain head, and nothing else of the tenant row.
GRANT UPDATE (head_sequence, head_hash) ON tenant TO crosslayer_app;
