-- servdesk schema, migration 3: the open-complaints list reads its own index
-- instead of skipping over the closed ones; customers and equipment get a
-- version for the optimistic check on edits.
CREATE INDEX complaint_open ON complaint (received_at, id) WHERE closed_at IS NULL;
ALTER TABLE customer ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE equipment ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
