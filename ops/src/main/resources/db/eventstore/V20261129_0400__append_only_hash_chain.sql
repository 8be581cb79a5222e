-- The audit log's guarantees, enforced by PostgreSQL itself (README: "The audit log").
--
-- 1. Append-only: crosslayer_app may only SELECT and INSERT events (see the grants of the event
--    store), and these triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included.
--
-- 2. A hash chain per tenant: each event gets the next number of its tenant's sequence, the hash of the
--    tenant's previous event (32 zero bytes for the first), and its own hash: SHA-256 over the
--    canonical form below. The tenant's row holds the chain head and is locked while an event is
--    appended, so concurrent appends to one tenant form one unbroken chain while other tenants'
--    appends never wait for them.

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

-- The canonical form of an event, version 1. The verifier (AuditChain in Java, and anyone's own)
-- computes exactly these bytes.
CREATE FUNCTION audit_canonical_form(e domain_event_entry) RETURNS BYTEA LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to('crosslayer-audit-v1', 'UTF8')
        || audit_text(e.tenant_id)
        || int8send(e.tenant_sequence)
        || audit_text(e.event_identifier)
        || audit_text(e.payload_type)
        || audit_text(e.payload_revision)
        || audit_text(e.time_stamp)
        || audit_text(e.type)
        || audit_text(e.aggregate_identifier)
        || int8send(e.sequence_number)
        || audit_field(e.payload)
        || audit_field(e.meta_data)
        || audit_field(e.prev_hash)
$$;

-- Replaces the tenant registration of the event-store migration: register, then chain.
CREATE OR REPLACE FUNCTION register_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous_sequence BIGINT;
    previous_hash     BYTEA;
BEGIN
    INSERT INTO tenant (tenant_id) VALUES (NEW.tenant_id) ON CONFLICT (tenant_id) DO NOTHING;
    SELECT head_sequence, head_hash INTO previous_sequence, previous_hash
        FROM tenant WHERE tenant_id = NEW.tenant_id FOR UPDATE;
    NEW.tenant_sequence := previous_sequence + 1;
    NEW.prev_hash := previous_hash;
    NEW.hash := sha256(audit_canonical_form(NEW));
    UPDATE tenant SET head_sequence = NEW.tenant_sequence, head_hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
    RETURN NEW;
END
$$;

-- The application moves its own tenant's chain head, and nothing else of the tenant row.
GRANT UPDATE (head_sequence, head_hash) ON tenant TO crosslayer_app;
