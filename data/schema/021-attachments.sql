-- servdesk schema, migration 21: the fax inbox and the originals kept with
-- the requests. The files themselves live in the attachment store beside
-- the database (DATABASE.files/, named by their SHA-256); these tables say
-- which request each belongs to and what waited in the inbox.
CREATE TABLE attachment (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES request (id),
  hash       TEXT NOT NULL CHECK (length(hash) = 64),  -- SHA-256, lower-case hex
  name       TEXT NOT NULL,                            -- the file's name when it came in
  mime       TEXT NOT NULL,                            -- image/tiff, application/pdf, image/png, image/jpeg
  pages      INTEGER CHECK (pages IS NULL OR pages > 0),
  size       INTEGER NOT NULL CHECK (size >= 0),
  added_by   TEXT NOT NULL,
  added_at   TEXT NOT NULL,
  UNIQUE (request_id, hash)
);
CREATE INDEX attachment_hash ON attachment (hash);

-- One row per file found in an inbox directory, identified by its content.
CREATE TABLE inbox_item (
  id         INTEGER PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  path       TEXT NOT NULL,                            -- where it was found
  name       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size >= 0),
  arrived_at TEXT NOT NULL,                            -- the file's modification time
  mtime      INTEGER NOT NULL DEFAULT 0,               -- the same, in seconds: a rescan hashes only changed files
  pages      INTEGER CHECK (pages IS NULL OR pages > 0),
  sender     TEXT,                                     -- the sending fax's identity (TSI), if known
  state      TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new','registered','discarded')),
  reason     TEXT,                                     -- why it was discarded
  request_id INTEGER REFERENCES request (id),          -- the request it became
  done_by    TEXT,
  done_at    TEXT,
  CHECK (state <> 'discarded' OR reason IS NOT NULL),
  CHECK (state <> 'registered' OR request_id IS NOT NULL)
);
CREATE INDEX inbox_item_state ON inbox_item (state, arrived_at);
