-- servdesk schema, migration 1: all four registers, staff, settings, audit.
-- Times are local wall-clock text 'YYYY-MM-DD HH:MM'; dates 'YYYY-MM-DD'.
-- Money is integer fen (1/100 yuan). Text is UTF-8, validated on entry.

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
  login  TEXT PRIMARY KEY,
  name   TEXT NOT NULL,
  phone  TEXT,
  role   TEXT NOT NULL CHECK (role IN ('operator','storekeeper','engineer','supervisor')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
) WITHOUT ROWID;

CREATE TABLE audit (
  id     INTEGER PRIMARY KEY,
  at     TEXT NOT NULL,
  who    TEXT NOT NULL,
  tbl    TEXT NOT NULL,
  rowkey TEXT NOT NULL,
  action TEXT NOT NULL,
  old    TEXT,
  new    TEXT
);
CREATE INDEX audit_row ON audit (tbl, rowkey);
CREATE INDEX audit_at ON audit (at);

-- customers and their equipment (设备档案)
CREATE TABLE customer (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  region  TEXT,
  key_customer INTEGER NOT NULL DEFAULT 0 CHECK (key_customer IN (0,1)),
  address TEXT,
  contact TEXT,
  phone   TEXT
);

CREATE TABLE equipment (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customer (id),
  serial       TEXT NOT NULL UNIQUE,
  model        TEXT,
  delivered_on TEXT,
  accepted_on  TEXT,     -- arrival acceptance (到货预验收)
  commissioned_on TEXT,  -- commissioning (开车正常运行 / 安装调试验收)
  note         TEXT
);
CREATE INDEX equipment_customer ON equipment (customer_id);

-- downtime during warranty extends it (停用时间在保修期中追加)
CREATE TABLE downtime (
  id           INTEGER PRIMARY KEY,
  equipment_id INTEGER NOT NULL REFERENCES equipment (id),
  from_on      TEXT NOT NULL,
  to_on        TEXT NOT NULL,
  reason       TEXT
);

-- 1. request intake register (维护请求收件登记表)
CREATE TABLE month_seq (
  month TEXT PRIMARY KEY,          -- 'YYYYMM'
  last  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE request (
  id          INTEGER PRIMARY KEY,
  regno       TEXT NOT NULL UNIQUE,            -- 'YYYYMM-NNNN'
  month       TEXT NOT NULL,                   -- 'YYYYMM', the register number's month
  seq         INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('fax','phone','letter','email','visit')),
  fax_pages   INTEGER CHECK (fax_pages IS NULL OR fax_pages > 0),
  customer    TEXT NOT NULL,
  requester   TEXT NOT NULL,
  phone       TEXT NOT NULL,
  serial      TEXT,
  priority    INTEGER NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 4),
  received_by TEXT NOT NULL,
  handed_to   TEXT,
  handed_at   TEXT,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','handed','void')),
  void_reason TEXT,
  dup_of      TEXT,                            -- register number of a likely duplicate
  visit_id    INTEGER,                         -- the visit that found the fault, if any
  version     INTEGER NOT NULL DEFAULT 1,      -- optimistic check on edits
  UNIQUE (month, seq)
);
CREATE INDEX request_received ON request (received_at, id);
CREATE INDEX request_customer ON request (customer, id);
CREATE INDEX request_status ON request (status);
CREATE INDEX request_priority ON request (priority);
CREATE INDEX request_dup ON request (customer, serial, received_at);

CREATE TABLE request_item (
  request_id INTEGER NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  pos        INTEGER NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (request_id, pos)
) WITHOUT ROWID;

-- search over customer, requester, phone and item text; rowid = request.id
CREATE VIRTUAL TABLE request_fts USING fts5 (body, tokenize = 'trigram');

-- 2. after-sales ledger (售后记录表)
CREATE TABLE fault_category (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sla_policy (
  id             INTEGER PRIMARY KEY,
  priority       INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
  region         TEXT,                          -- NULL: any region
  respond_hours  INTEGER NOT NULL,
  onsite_hours   INTEGER NOT NULL,
  clear_days     INTEGER NOT NULL,              -- working days
  calendar_time  INTEGER NOT NULL DEFAULT 0,    -- 1: service goes on through holidays
  UNIQUE (priority, region)
);

CREATE TABLE ledger (
  id            INTEGER PRIMARY KEY,
  request_id    INTEGER NOT NULL UNIQUE REFERENCES request (id),
  state         TEXT NOT NULL DEFAULT 'registered' CHECK (state IN
                ('registered','assigned','proposed','in_service','awaiting','closed','unresolvable')),
  responsible   TEXT REFERENCES staff (login),
  responsible_at TEXT,
  engineer      TEXT REFERENCES staff (login),
  engineer_at   TEXT,
  service_mode  TEXT CHECK (service_mode IN ('onsite','remote','email','phone')),
  fault_code    TEXT REFERENCES fault_category (code),
  solution      TEXT,
  proposed_at   TEXT,
  first_contact_at TEXT,
  planned_visit_at TEXT,
  arrived_at    TEXT,
  cleared_at    TEXT,
  confirmed_by  TEXT,
  confirmed_at  TEXT,
  confirmed_how TEXT CHECK (confirmed_how IN ('phone','fax','card')),
  closed_at     TEXT,
  unresolvable_reason TEXT,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ledger_state ON ledger (state);
CREATE INDEX ledger_engineer ON ledger (engineer);

CREATE TABLE ledger_event (
  id        INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledger (id),
  at        TEXT NOT NULL,
  who       TEXT NOT NULL,
  kind      TEXT NOT NULL,
  note      TEXT
);
CREATE INDEX ledger_event_ledger ON ledger_event (ledger_id, at);

CREATE TABLE clock_pause (
  id        INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledger (id),
  from_at   TEXT NOT NULL,
  to_at     TEXT,
  reason    TEXT NOT NULL
);

CREATE TABLE charge (
  id        INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledger (id),
  kind      TEXT NOT NULL CHECK (kind IN ('labour','travel','lodging','parts')),
  amount_fen INTEGER NOT NULL,
  tier      TEXT NOT NULL,
  service_on TEXT NOT NULL,
  note      TEXT
);
CREATE TABLE payment (
  id        INTEGER PRIMARY KEY,
  ledger_id INTEGER NOT NULL REFERENCES ledger (id),
  amount_fen INTEGER NOT NULL,
  invoice_no TEXT,
  received_at TEXT NOT NULL
);

CREATE TABLE complaint (
  id          INTEGER PRIMARY KEY,
  ledger_id   INTEGER REFERENCES ledger (id),
  customer    TEXT NOT NULL,
  class       TEXT NOT NULL CHECK (class IN ('quality','nonquality','other')),
  order_no    TEXT,
  part_no     TEXT,
  delivered_on TEXT,
  quantity    INTEGER,
  defective   INTEGER,
  received_at TEXT NOT NULL,
  description TEXT NOT NULL,
  handling    TEXT,
  closed_at   TEXT
);

-- 3. spare-parts inventory (备品备件库)
CREATE TABLE part (
  id            INTEGER PRIMARY KEY,
  part_no       TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  spec          TEXT,
  unit          TEXT NOT NULL DEFAULT '个',
  brand         TEXT,
  location      TEXT,
  avg_cost_fen  INTEGER NOT NULL DEFAULT 0,
  on_hand       INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  on_order      INTEGER NOT NULL DEFAULT 0 CHECK (on_order >= 0),
  reorder_point INTEGER NOT NULL DEFAULT 0,
  reorder_qty   INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
);

CREATE TABLE stocktake (
  id        INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  blind     INTEGER NOT NULL DEFAULT 0,
  posted_at TEXT,
  posted_by TEXT
);

CREATE TABLE stock_move (
  id        INTEGER PRIMARY KEY,
  part_id   INTEGER NOT NULL REFERENCES part (id),
  at        TEXT NOT NULL,
  who       TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('receipt','issue','return','adjust','count')),
  qty       INTEGER NOT NULL,                  -- signed: + in, - out
  cost_fen  INTEGER NOT NULL,                  -- unit cost carried by this movement
  ledger_id INTEGER REFERENCES ledger (id),
  stocktake_id INTEGER REFERENCES stocktake (id),
  reason    TEXT
);
CREATE INDEX stock_move_part ON stock_move (part_id, id);
CREATE INDEX stock_move_at ON stock_move (at);

CREATE TABLE stocktake_line (
  stocktake_id INTEGER NOT NULL REFERENCES stocktake (id),
  part_id      INTEGER NOT NULL REFERENCES part (id),
  expected     INTEGER NOT NULL,
  last_move_id INTEGER NOT NULL DEFAULT 0,     -- journal position at the snapshot
  counted      INTEGER,
  PRIMARY KEY (stocktake_id, part_id)
) WITHOUT ROWID;

-- 4. follow-up visit schedule (回访/巡检计划)
CREATE TABLE visit_rule (
  code     TEXT PRIMARY KEY,
  kind     TEXT NOT NULL,
  params   TEXT NOT NULL,                       -- JSON
  active   INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE visit (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customer (id),
  equipment_id INTEGER REFERENCES equipment (id),
  ledger_id    INTEGER REFERENCES ledger (id),
  rule_code    TEXT,
  plan_key     TEXT UNIQUE,                     -- idempotent planning
  kind         TEXT NOT NULL CHECK (kind IN ('phone_followup','maintenance','survey','key_customer','quality_call','manual')),
  due_on       TEXT NOT NULL,
  engineer     TEXT REFERENCES staff (login),
  method       TEXT CHECK (method IN ('phone','onsite')),
  status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','done','missed','cancelled')),
  outcome      TEXT,
  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  comments     TEXT,
  done_at      TEXT,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visit_due ON visit (status, due_on);
