-- Each maintenance item of an entry settled one by one, the signed service
-- card (用户服务记录卡) with its return to the office, and the fault's cause
-- deciding who pays.

-- The settlement of item pos of a request's entry: done (what was done),
-- notours (why not ours) or unresolvable (the reason). An item is settled
-- while a row with its position and its very text exists; an item with no
-- such row (or whose text was edited since) is open.
CREATE TABLE item_settle (
  request_id INTEGER NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  pos        INTEGER NOT NULL,
  text       TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('done','notours','unresolvable')),
  note       TEXT NOT NULL,
  who        TEXT NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (request_id, pos)
) WITHOUT ROWID;

-- Entries whose fault was already cleared, closed or closed unresolvable
-- before items were settled one by one: each of their items is settled as
-- the entry was -- done with the entry's solution (cleared or closed), or
-- unresolvable with the reason given to the user -- by the engineer who
-- cleared or closed it, at that time.
INSERT INTO item_settle (request_id, pos, text, state, note, who, at)
SELECT i.request_id, i.pos, i.text,
       CASE WHEN l.state = 'unresolvable' THEN 'unresolvable' ELSE 'done' END,
       CASE WHEN l.state = 'unresolvable' THEN coalesce(l.unresolvable_reason, '')
            ELSE coalesce(l.solution, '') END,
       coalesce(l.closed_engineer, l.cleared_engineer, l.engineer, l.responsible, ''),
       coalesce(l.closed_at, l.cleared_at, l.responsible_at, '')
FROM ledger l JOIN request_item i ON i.request_id = l.request_id
WHERE l.state IN ('awaiting','closed','unresolvable') OR l.cleared_at IS NOT NULL;

-- The service card: who signed for the customer, when, the customer's
-- opinion (客户意见) and rating (1-5); the day it is due back at the office
-- and when it came back, and who received it.
ALTER TABLE ledger ADD COLUMN card_signed_by TEXT;
ALTER TABLE ledger ADD COLUMN card_signed_at TEXT;
ALTER TABLE ledger ADD COLUMN card_opinion TEXT;
ALTER TABLE ledger ADD COLUMN card_rating INTEGER CHECK (card_rating IS NULL OR card_rating BETWEEN 1 AND 5);
ALTER TABLE ledger ADD COLUMN card_due TEXT;
ALTER TABLE ledger ADD COLUMN card_in_at TEXT;
ALTER TABLE ledger ADD COLUMN card_in_by TEXT;
CREATE INDEX ledger_card_out ON ledger (card_due) WHERE card_due IS NOT NULL AND card_in_at IS NULL;

-- Is a fault category the maker's responsibility? Damage from misuse, human
-- error, force majeure or the site's conditions is charged even inside the
-- warranty.
ALTER TABLE fault_category ADD COLUMN maker INTEGER NOT NULL DEFAULT 1 CHECK (maker IN (0,1));
UPDATE fault_category SET maker = 0 WHERE code = 'usage';
INSERT OR IGNORE INTO fault_category (code, name, maker) VALUES
  ('human', '人为损坏', 0),
  ('force', '不可抗力', 0),
  ('site', '现场条件', 0);

-- A charge line made payable because the entry's fault is not the maker's
-- responsibility: the fault category's code then (NULL: the tier decided).
ALTER TABLE charge ADD COLUMN cause TEXT;
