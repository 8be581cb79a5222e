-- The roles the service connects as (DESIGN.md §4). The migration user owns every table; neither
-- role owns one, and neither may bypass row-level security.
--   crosslayer_app     every request, command, query and projection write: sees one tenant at a
--                      time, the one set per transaction in crosslayer.tenant_id.
--   crosslayer_system  work that is cross-tenant by nature and read-only: tracking processors reading
--                      the event stream, finding which tenant a sign-in belongs to.
-- Roles are cluster-wide, so a second CrossLayer database on the same server shares them.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosslayer_app') THEN
        CREATE ROLE crosslayer_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosslayer_system') THEN
        CREATE ROLE crosslayer_system LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO crosslayer_app, crosslayer_system;
