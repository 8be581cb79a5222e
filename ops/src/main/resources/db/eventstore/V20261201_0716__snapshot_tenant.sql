-- Aggregate snapshots (issue 14): derived data that makes loading an aggregate cost the same whatever
-- its history. They are tenant data like the events they summarise, so they get a tenant, the same
-- foreign key and the same row-level security. They are not part of the audit log: no chain trigger
-- covers this table, no export reads it, and dropping every row only costs one full load each.

-- None were taken before this migration; any row would lack its tenant and is safe to drop.
DELETE FROM snapshot_event_entry;

ALTER TABLE snapshot_event_entry
    ADD COLUMN tenant_id VARCHAR(36) NOT NULL,
    ADD CONSTRAINT snapshot_event_entry_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE snapshot_event_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE snapshot_event_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY snapshot_event_entry_own ON snapshot_event_entry TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
