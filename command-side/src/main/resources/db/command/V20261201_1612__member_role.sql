-- Each current member's role, as the Tenant aggregate decided it: the role every permission check reads.
-- Written by a subscribing handler (MemberRoles) in the transaction that appends MemberJoined,
-- MemberRoleChanged or MemberRemoved, so a check never sees an older role than the last committed change
-- (the tenant directory is a tracking projection that trails the events, and can be held back by a dead
-- letter). A session counts only while its member has a row here.
CREATE TABLE member_role (
    tenant_id VARCHAR(36)  NOT NULL,
    user_id   VARCHAR(255) NOT NULL,
    role      VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'AUDITOR')),
    CONSTRAINT member_role_pkey PRIMARY KEY (tenant_id, user_id),
    -- Deferred: the founder's row is written in the transaction whose first event registers the tenant.
    CONSTRAINT member_role_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
        DEFERRABLE INITIALLY DEFERRED
);

-- The members of tenants that exist already: each member's last MemberJoined or MemberRoleChanged, unless a
-- later MemberRemoved (or the tenant's offboarding) ended their membership. User ids and roles are stored in
-- the clear (only personal fields are sealed). The migration user owns the event table; row-level security
-- is lifted for it in this transaction only, so that it reads every tenant's events.
ALTER TABLE domain_event_entry NO FORCE ROW LEVEL SECURITY;
INSERT INTO member_role (tenant_id, user_id, role)
SELECT latest.tenant_id, latest.user_id, latest.role
FROM (SELECT DISTINCT ON (e.tenant_id, p.body ->> 'userId')
             e.tenant_id, p.body ->> 'userId' AS user_id, p.body ->> 'role' AS role, e.payload_type
      FROM domain_event_entry e
      CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS body) p
      WHERE e.payload_type IN ('ai.crosslayer.kernel.tenant.MemberJoined',
                               'ai.crosslayer.kernel.tenant.MemberRoleChanged',
                               'ai.crosslayer.kernel.tenant.MemberRemoved')
      ORDER BY e.tenant_id, p.body ->> 'userId', e.global_index DESC) latest
WHERE latest.payload_type <> 'ai.crosslayer.kernel.tenant.MemberRemoved'
  AND NOT EXISTS (SELECT FROM domain_event_entry o
                  WHERE o.tenant_id = latest.tenant_id
                    AND o.payload_type = 'ai.crosslayer.kernel.tenant.TenantOffboarded');
ALTER TABLE domain_event_entry FORCE ROW LEVEL SECURITY;
-- Check the deferred keys now: the table cannot be altered below with their checks pending.
SET CONSTRAINTS member_role_tenant_fkey IMMEDIATE;

ALTER TABLE member_role ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_role FORCE ROW LEVEL SECURITY;
CREATE POLICY member_role_own ON member_role TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON member_role TO crosslayer_app;
