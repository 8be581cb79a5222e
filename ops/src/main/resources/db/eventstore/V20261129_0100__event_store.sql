-- The event store: Axon's JDBC schema in snake_case, plus the tenant of every event.
-- This table is the customer-facing audit log; its stored type names and bytes are public API.

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
    CONSTRAINT domain_event_entry_event_identifier_key UNIQUE (event_identifier)
);

-- A tenant's stream in global order: auditor replay and export read this index.
CREATE INDEX domain_event_entry_tenant_order ON domain_event_entry (tenant_id, global_index);

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
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    time_stamp     VARCHAR(255),
    owner          VARCHAR(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment)
);
