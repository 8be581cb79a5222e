-- The event store: Axon's JDBC schema in snake_case, plus the tenant of every event.
-- This table is the customer-facing audit log; its stored type names and bytes are public API.

-- The tenants table: every other tenant-scoped row references it. A tenant's row appears with its
-- first event (see register_tenant below), so a tenant exists exactly when it has a history.
CREATE TABLE tenant (
    tenant_id     VARCHAR(36)              NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT tenant_pkey PRIMARY KEY (tenant_id)
);

CREATE TABLE domain_event_entry (
    global_index         BIGSERIAL    NOT NULL,
    -- Written from the event's own tenantId (TenantScoped), never from a request.
    tenant_id            VARCHAR(36)  NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT domain_event_entry_pkey PRIMARY KEY (global_index),
    -- Two nodes appending to one aggregate: the second append fails and its command is retried.
    CONSTRAINT domain_event_entry_aggregate_sequence_key UNIQUE (aggregate_identifier, sequence_number),
    CONSTRAINT domain_event_entry_event_identifier_key UNIQUE (event_identifier),
    CONSTRAINT domain_event_entry_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);

-- A tenant's stream in global order: auditor replay and export read this index.
CREATE INDEX domain_event_entry_tenant_order ON domain_event_entry (tenant_id, global_index);

CREATE FUNCTION register_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tenant (tenant_id) VALUES (NEW.tenant_id) ON CONFLICT (tenant_id) DO NOTHING;
    RETURN NEW;
END
$$;

CREATE TRIGGER domain_event_entry_registers_tenant
    BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION register_tenant();

-- Snapshots carry no tenant column (Axon writes them); none are taken yet. Before snapshots are
-- enabled they need a tenant_id and the same row-level security as the events.
CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT snapshot_event_entry_pkey PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT snapshot_event_entry_event_identifier_key UNIQUE (event_identifier)
);

-- Where each tracking processor (and each of its segments) has got to in the event stream.
-- Nodes claim segments through this table, which is how projection work spreads over nodes.
-- It holds positions, not tenant data.
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    time_stamp     VARCHAR(255),
    owner          VARCHAR(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment)
);

-- Row-level security: the application sees and writes one tenant's rows, the one named by
-- set_config('crosslayer.tenant_id', ..., true) in its transaction; with none set it sees nothing.
ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_own ON tenant TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

ALTER TABLE domain_event_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE domain_event_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY domain_event_entry_own ON domain_event_entry TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- Tracking processors read every tenant's events, in global order.
CREATE POLICY domain_event_entry_stream ON domain_event_entry FOR SELECT TO crosslayer_system
    USING (true);

GRANT SELECT, INSERT ON tenant TO crosslayer_app;
GRANT SELECT, INSERT ON domain_event_entry TO crosslayer_app;
GRANT USAGE ON SEQUENCE domain_event_entry_global_index_seq TO crosslayer_app;
GRANT SELECT ON domain_event_entry TO crosslayer_system;
GRANT SELECT, INSERT, DELETE ON snapshot_event_entry TO crosslayer_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON token_entry TO crosslayer_app;
