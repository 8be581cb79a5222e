-- Issue 15.4: a Merkle tree per tenant over its event hashes (RFC 9162), kept by the signer as it
-- verifies and signs, and the tree root in every checkpoint from now on.
--
-- audit_merkle_node holds each *perfect* subtree once: level L, index i is the hash of leaves
-- [i * 2^L, (i + 1) * 2^L); leaf i is event i + 1. Any root or proof is a fold of O(log n) of them. The
-- rows are derived: altering one cannot forge anything (a proof is checked against a signed root), it
-- only makes proofs fail, and the signer refuses to sign when the stored tree no longer gives the root it
-- signed last.
CREATE TABLE audit_merkle_node (
    tenant_id  VARCHAR(36) NOT NULL,
    level      SMALLINT    NOT NULL,
    node_index BIGINT      NOT NULL,
    hash       BYTEA       NOT NULL,
    CONSTRAINT audit_merkle_node_pkey PRIMARY KEY (tenant_id, level, node_index),
    CONSTRAINT audit_merkle_node_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);

ALTER TABLE audit_merkle_node ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_merkle_node FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_merkle_node_own ON audit_merkle_node FOR SELECT TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true));
CREATE POLICY audit_merkle_node_signer ON audit_merkle_node TO crosslayer_signer USING (true) WITH CHECK (true);
GRANT SELECT ON audit_merkle_node TO crosslayer_app;
GRANT SELECT, INSERT ON audit_merkle_node TO crosslayer_signer;

-- NULL for checkpoints signed before the tree existed (their signature is over version 1 of the message).
ALTER TABLE audit_checkpoint ADD COLUMN tree_root BYTEA;
