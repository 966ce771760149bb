-- servdesk schema, migration 22: returns and exchanges (退换货).
-- A return or exchange of a product is raised on a ledger entry or on a
-- complaint: requested -> approved | refused -> received (the product is
-- back; for an exchange the replacement was issued from the store) ->
-- closed with the returned product's disposition. Its number THYYYYMM-NNNN
-- is gapless per month; the month's counter is kept in month_seq under the
-- key 'TH' || YYYYMM.
CREATE TABLE return_order (
  id           INTEGER PRIMARY KEY,
  thno         TEXT NOT NULL UNIQUE,           -- 'THYYYYMM-NNNN'
  month        TEXT NOT NULL,                  -- 'YYYYMM'
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('return', 'exchange')),
  ledger_id    INTEGER REFERENCES ledger (id),
  complaint_id INTEGER REFERENCES complaint (id),
  serial       TEXT,                           -- the product: an equipment serial ...
  part_no      TEXT,                           -- ... or a part number
  qty          INTEGER NOT NULL DEFAULT 1 CHECK (qty >= 1),
  replacement  TEXT,                           -- exchange: the part issued in its place
  cause        TEXT NOT NULL CHECK (cause IN ('quality', 'wrong_delivery', 'transport', 'changed_mind', 'other')),
  cause_text   TEXT,
  state        TEXT NOT NULL DEFAULT 'requested' CHECK (state IN
               ('requested', 'approved', 'refused', 'received', 'closed')),
  version      INTEGER NOT NULL DEFAULT 1,
  raised_on    TEXT NOT NULL,                  -- 'YYYY-MM-DD'
  raised_by    TEXT NOT NULL,
  decided_on   TEXT,                           -- approved or refused: date, person, remark
  decided_by   TEXT,
  decision_note TEXT,
  received_on  TEXT,
  received_by  TEXT,
  closed_on    TEXT,
  closed_by    TEXT,
  disposition  TEXT CHECK (disposition IS NULL OR disposition IN ('restock', 'repair', 'scrap', 'supplier')),
  repair_no    TEXT,                           -- disposition repair: the repair order, if any
  close_note   TEXT,
  UNIQUE (month, seq),
  CHECK (ledger_id IS NOT NULL OR complaint_id IS NOT NULL),
  CHECK ((serial IS NULL) <> (part_no IS NULL)),
  -- nothing is carried out before approval
  CHECK (state NOT IN ('received', 'closed') OR (decided_on IS NOT NULL AND received_on IS NOT NULL)),
  CHECK (state <> 'closed' OR disposition IS NOT NULL)
);
CREATE INDEX return_order_ledger ON return_order (ledger_id);
CREATE INDEX return_order_complaint ON return_order (complaint_id);
CREATE INDEX return_order_raised ON return_order (raised_on, id);

-- Stock movements of a return: the replacement issued for an exchange and
-- the returned product received back into the store.
ALTER TABLE stock_move ADD COLUMN return_id INTEGER REFERENCES return_order (id);
CREATE INDEX stock_move_return ON stock_move (return_id) WHERE return_id IS NOT NULL;
