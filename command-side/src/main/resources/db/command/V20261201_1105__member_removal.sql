-- Removing a member deletes their member sign-in key, in the transaction that records MemberRemoved
-- (SignInKeys): their next sign-in is placed anew. Row-level security keeps the delete in the tenant.
GRANT DELETE ON tenant_sign_in_key TO crosslayer_app;
