-- servdesk schema, migration 17: factory repair orders (返厂维修) and loan
-- units (备用机).
-- A repair order takes a product of a ledger entry back to the factory's
-- workshop: received -> in_repair -> repaired | scrapped -> returned. Its
-- number RMYYYYMM-NNNN is gapless per month; the month's counter is kept in
-- month_seq under the key 'RM' || YYYYMM (the requests' counters are keyed
-- by the bare month).
CREATE TABLE repair_order (
  id           INTEGER PRIMARY KEY,
  rmno         TEXT NOT NULL UNIQUE,           -- 'RMYYYYMM-NNNN'
  month        TEXT NOT NULL,                  -- 'YYYYMM'
  seq          INTEGER NOT NULL,
  ledger_id    INTEGER NOT NULL REFERENCES ledger (id),
  serial       TEXT NOT NULL,                  -- the product's serial number
  items        INTEGER NOT NULL DEFAULT 1 CHECK (items >= 1),
  note         TEXT,                           -- the fault as reported, accessories
  state        TEXT NOT NULL DEFAULT 'received' CHECK (state IN
               ('received','in_repair','repaired','scrapped','returned')),
  version      INTEGER NOT NULL DEFAULT 1,
  received_on  TEXT NOT NULL,                  -- 'YYYY-MM-DD'
  received_by  TEXT NOT NULL,
  in_carrier   TEXT,                           -- transport to the factory
  in_waybill   TEXT,
  started_on   TEXT,
  started_by   TEXT,
  done_on      TEXT,                           -- repaired or scrapped
  done_by      TEXT,
  findings     TEXT,                           -- the workshop's record
  tests        TEXT,
  repairer     TEXT,
  returned_on  TEXT,
  returned_by  TEXT,
  out_carrier  TEXT,                           -- transport back to the customer
  out_waybill  TEXT,
  UNIQUE (month, seq)
);
CREATE INDEX repair_order_ledger ON repair_order (ledger_id);
CREATE INDEX repair_order_away ON repair_order (received_on, id) WHERE state <> 'returned';
CREATE INDEX repair_order_month ON repair_order (received_on);

-- Parts issued from stock to a repair order: an issue to its ledger entry
-- that names the order.
ALTER TABLE stock_move ADD COLUMN repair_id INTEGER REFERENCES repair_order (id);
CREATE INDEX stock_move_repair ON stock_move (repair_id) WHERE repair_id IS NOT NULL;

-- Loan units: equipment the department lends while a customer's is away.
ALTER TABLE equipment ADD COLUMN loan_unit INTEGER NOT NULL DEFAULT 0 CHECK (loan_unit IN (0, 1));
CREATE TABLE loan (
  id           INTEGER PRIMARY KEY,
  equipment_id INTEGER NOT NULL REFERENCES equipment (id),
  ledger_id    INTEGER NOT NULL REFERENCES ledger (id),
  lent_on      TEXT NOT NULL,                  -- 'YYYY-MM-DD'
  lent_by      TEXT NOT NULL,
  returned_on  TEXT,
  returned_by  TEXT,
  note         TEXT
);
-- a unit is out at most once at a time
CREATE UNIQUE INDEX loan_out ON loan (equipment_id) WHERE returned_on IS NULL;
CREATE INDEX loan_ledger ON loan (ledger_id);
CREATE INDEX loan_lent ON loan (lent_on);
