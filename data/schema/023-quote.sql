-- servdesk schema, migration 23: quotations (报价单) for chargeable work on a
-- ledger entry and the customer's answer.
-- A quotation's number QTYYYYMM-NNNN is gapless per month; the month's
-- counter is kept in month_seq under the key 'QT' || YYYYMM. States: draft
-- -> sent -> accepted | refused; a draft or sent quotation past its validity
-- is expired (derived from valid_until, not stored). A refused or expired
-- quotation may be followed by a revision (revision_of).
CREATE TABLE quote (
  id            INTEGER PRIMARY KEY,
  qno           TEXT NOT NULL UNIQUE,            -- 'QTYYYYMM-NNNN'
  month         TEXT NOT NULL,                   -- 'YYYYMM'
  seq           INTEGER NOT NULL,
  ledger_id     INTEGER NOT NULL REFERENCES ledger (id),
  revision_of   INTEGER REFERENCES quote (id),
  state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','sent','accepted','refused')),
  version       INTEGER NOT NULL DEFAULT 1,
  made_on       TEXT NOT NULL,                   -- 'YYYY-MM-DD'
  made_by       TEXT NOT NULL,
  valid_until   TEXT NOT NULL,                   -- 'YYYY-MM-DD', the last valid day
  repair_time   TEXT,                            -- planned repair: 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM'
  repair_days   INTEGER,                         -- planned length of the repair, in days
  note          TEXT,
  total_fen     INTEGER NOT NULL DEFAULT 0,
  payable_fen   INTEGER NOT NULL DEFAULT 0,      -- payable by the customer
  sent_on       TEXT,
  sent_by       TEXT,
  answer        TEXT CHECK (answer IN ('accepted','refused')),
  answer_on     TEXT,
  answer_by     TEXT,                            -- who recorded it (staff login)
  answer_person TEXT,                            -- who answered for the customer
  answer_how    TEXT CHECK (answer_how IN ('phone','fax','letter','visit','email')),
  answer_remark TEXT,
  UNIQUE (month, seq)
);
CREATE INDEX quote_ledger ON quote (ledger_id, id);
CREATE INDEX quote_made ON quote (made_on, id);

CREATE TABLE quote_line (
  id            INTEGER PRIMARY KEY,
  quote_id      INTEGER NOT NULL REFERENCES quote (id),
  pos           INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('labour','travel','lodging','parts')),
  part_no       TEXT,
  description   TEXT,
  qty           INTEGER NOT NULL CHECK (qty >= 1),
  unit_fen      INTEGER NOT NULL CHECK (unit_fen >= 0),
  amount_fen    INTEGER NOT NULL,
  payable_fen   INTEGER NOT NULL,
  tier          TEXT NOT NULL,
  contract_id   INTEGER,
  free_repair   INTEGER NOT NULL DEFAULT 0,
  cause         TEXT,
  UNIQUE (quote_id, pos)
);
