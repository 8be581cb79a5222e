-- Issue 15.3: canonical form version 2. Every event appended from now on carries appended_at, the
-- moment the database appended it (clock_timestamp(), which no client can set: the trigger overwrites
-- whatever the insert says), and its hash covers it. Rows appended before this migration keep
-- appended_at NULL and their version-1 hash, and keep verifying as version 1.
ALTER TABLE domain_event_entry ADD COLUMN appended_at TEXT;

CREATE OR REPLACE FUNCTION register_tenant() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
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
    -- ISO-8601 in UTC with microseconds, e.g. 2026-12-01T07:14:03.123456Z: hashed exactly as stored.
    NEW.appended_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    -- The canonical form of an event, version 2 (the README spells it out; AuditChain in Java computes
    -- the same bytes): version 1's fields under the prefix crosslayer-audit-v2, then appended_at.
    NEW.hash := sha256(convert_to('crosslayer-audit-v2', 'UTF8')
        || audit_text(NEW.tenant_id) || int8send(NEW.tenant_sequence) || audit_text(NEW.event_identifier)
        || audit_text(NEW.payload_type) || audit_text(NEW.payload_revision) || audit_text(NEW.time_stamp)
        || audit_text(NEW.type) || audit_text(NEW.aggregate_identifier) || int8send(NEW.sequence_number)
        || audit_field(NEW.payload) || audit_field(NEW.meta_data) || audit_field(NEW.prev_hash)
        || audit_text(NEW.appended_at));
    PERFORM set_config('crosslayer_chain.t_' || replace(NEW.tenant_id, '-', '_'),
                       NEW.tenant_sequence || ':' || encode(NEW.hash, 'hex'), true);
    RETURN NEW;
END
$$;
