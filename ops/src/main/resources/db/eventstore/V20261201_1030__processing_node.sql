-- Several nodes on one database (issue 17.1): each service process that works projections says here that it is
-- alive, every third of the claim timeout, in the database's own clock. A node counts the live ones to take its
-- fair share of each processor's segments (ProcessingNodes); its id is the owner it writes into token_entry.
-- Host names and process ids only: no tenant data.
CREATE TABLE processing_node (
    node_id    VARCHAR(255)             NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT processing_node_pkey PRIMARY KEY (node_id)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON processing_node TO crosslayer_app;
