-- Issue 19: the work pipeline after Slack's ack.
--
-- Inbox rows are triaged in batches first (opened and pre-filtered; what the model never needs to see is
-- deleted in bulk); a row that needs outside calls is marked triaged and waits for a worker of its tenant.
ALTER TABLE slack_inbox ADD COLUMN triaged BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX slack_inbox_queue ON slack_inbox (tenant_id, triaged, received_at);
GRANT SELECT (triaged) ON slack_inbox TO crosslayer_system;

-- A skill's confirmation card waits here, written in the transaction that records SkillExtracted (and that
-- deletes its inbox row), until a worker posts it (the row goes in the transaction that records
-- SkillCardPosted). attempts is counted up, and committed, before each post: a row claimed with attempts > 1
-- may already have been posted (a crash, a timeout), so the worker first looks for the card in Slack by its
-- message metadata before posting again. Its text is the derived skill, never a Slack message.
CREATE TABLE skill_card_outbox (
    tenant_id     VARCHAR(36)              NOT NULL,
    skill_id      VARCHAR(36)              NOT NULL,
    channel_id    VARCHAR(32)              NOT NULL,
    thread_ts     VARCHAR(32),
    fallback_text TEXT                     NOT NULL,
    blocks        TEXT                     NOT NULL,
    queued_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts      INTEGER                  NOT NULL DEFAULT 0,
    not_before    TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE,
    last_error    VARCHAR(512),
    CONSTRAINT skill_card_outbox_pkey PRIMARY KEY (tenant_id, skill_id),
    CONSTRAINT skill_card_outbox_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);
CREATE INDEX skill_card_outbox_due ON skill_card_outbox (not_before);

ALTER TABLE skill_card_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE skill_card_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY skill_card_outbox_own ON skill_card_outbox TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- Workers find which tenants have cards due (ids and times only).
CREATE POLICY skill_card_outbox_work ON skill_card_outbox FOR SELECT TO crosslayer_system USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON skill_card_outbox TO crosslayer_app;
GRANT SELECT (tenant_id, not_before, claimed_until) ON skill_card_outbox TO crosslayer_system;

-- When a signal was first tried: after an uncertain try, the channel's history since then is searched for it.
ALTER TABLE signal_outbox ADD COLUMN first_tried_at TIMESTAMP WITH TIME ZONE;
