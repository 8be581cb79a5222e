-- Progress of `rebuild <projection>` (issue 14): a read model is replayed into shadow tables
-- (<table>__rebuild) beside the live ones, then swapped in within one transaction. The position (global
-- index of the last event in the shadow tables) is written in the same transaction as the shadow rows it
-- covers, so an interrupted rebuild resumes where it stopped. Positions only: no tenant data.
CREATE TABLE projection_rebuild (
    processing_group VARCHAR(255)             NOT NULL,
    position         BIGINT                   NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT projection_rebuild_pkey PRIMARY KEY (processing_group)
);

GRANT SELECT, UPDATE ON projection_rebuild TO crosslayer_app;

-- The shadow tables live in a schema of their own, under the live tables' names: the projection's own
-- statements (unqualified) write there when a rebuild's transaction puts it first on the search path.
CREATE SCHEMA crosslayer_rebuild;
GRANT USAGE ON SCHEMA crosslayer_rebuild TO crosslayer_app;
