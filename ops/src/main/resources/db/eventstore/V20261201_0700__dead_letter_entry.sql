-- Axon's sequenced dead-letter queue (JdbcSequencedDeadLetterQueue), one table for every event processor.
-- An event a projection cannot apply parks here with the events after it in the same sequence (see
-- DeadLetterQueues for each processor's sequencing policy), so that every other sequence flows on.
-- Axon's JDBC columns in snake_case; timestamps are ISO-8601 text, as Axon writes them.
CREATE TABLE dead_letter_entry (
    dead_letter_id       VARCHAR(255)  NOT NULL,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    -- A dead letter holds a tenant's event: it belongs to the tenant of the transaction that parked it,
    -- which is the event's own tenant (TenantScopeInterceptors binds it before any handler runs).
    -- Axon does not know this column; the default fills it, and row-level security checks it.
    tenant_id            VARCHAR(36)   NOT NULL DEFAULT current_setting('crosslayer.tenant_id', true),
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    aggregate_type       VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255)  NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_entry_pkey PRIMARY KEY (dead_letter_id),
    CONSTRAINT dead_letter_entry_sequence_key UNIQUE (processing_group, sequence_identifier, sequence_index),
    CONSTRAINT dead_letter_entry_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);

CREATE INDEX dead_letter_entry_processing_group ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_tenant ON dead_letter_entry (tenant_id, processing_group);

ALTER TABLE dead_letter_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE dead_letter_entry FORCE ROW LEVEL SECURITY;
-- Parking, retrying and evicting happen in the tenant's own transaction, like the projection write they stand for.
CREATE POLICY dead_letter_entry_own ON dead_letter_entry TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- Health, the gauge and `dead-letters list` count and name dead letters of every tenant, never their payload.
CREATE POLICY dead_letter_entry_overview ON dead_letter_entry FOR SELECT TO crosslayer_system
    USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON dead_letter_entry TO crosslayer_app;
GRANT SELECT (dead_letter_id, processing_group, sequence_identifier, sequence_index, tenant_id, event_identifier,
              payload_type, aggregate_identifier, sequence_number, enqueued_at, last_touched, processing_started,
              cause_type, cause_message)
    ON dead_letter_entry TO crosslayer_system;
