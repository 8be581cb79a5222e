-- Read model of the tenant-directory processing group (TenantDirectoryProjection).

CREATE TABLE tenant_directory (
    tenant_id              VARCHAR(36)              NOT NULL,
    name                   VARCHAR(255)             NOT NULL,
    workos_organization_id VARCHAR(255),
    email_domain           VARCHAR(255),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tenant_directory_pkey PRIMARY KEY (tenant_id)
);

CREATE TABLE tenant_directory_member (
    tenant_id         VARCHAR(36)              NOT NULL,
    user_id           VARCHAR(255)             NOT NULL,
    email             VARCHAR(254)             NOT NULL,
    role              VARCHAR(16)              NOT NULL,
    joined_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_signed_in_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT tenant_directory_member_pkey PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT tenant_directory_member_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant_directory (tenant_id)
);
