-- servdesk schema, migration 3: the open-complaints list reads its own index
-- instead of skipping over the closed ones.
CREATE INDEX complaint_open ON complaint (received_at, id) WHERE closed_at IS NULL;
