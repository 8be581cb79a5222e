-- The command side's consistent answer to "which tenant does this sign-in belong to?".
-- Written in the same transaction as the events that create the keys, so two first sign-ins of
-- one organization or domain cannot create two tenants: the second insert violates the key.
CREATE TABLE tenant_sign_in_key (
    key_kind  VARCHAR(32)  NOT NULL CHECK (key_kind IN ('member', 'workos-organization', 'email-domain')),
    key_value VARCHAR(255) NOT NULL,
    tenant_id VARCHAR(36)  NOT NULL,
    CONSTRAINT tenant_sign_in_key_pkey PRIMARY KEY (key_kind, key_value)
);
