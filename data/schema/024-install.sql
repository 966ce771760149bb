-- servdesk schema, migration 24: installation and commissioning (安装调试)
-- and training (培训) as recorded service work, signed by both sides
-- (双方签字). Commissioning belongs to one piece of equipment; when done it
-- sets the equipment's commissioned_on (through the equipment's own update,
-- audited), from which its warranty runs. Training belongs to a customer and
-- optionally to a piece of equipment. status: planned -> done -> signed, or
-- planned -> cancelled.
CREATE TABLE install_job (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('commission','training')),
  customer_id    INTEGER NOT NULL REFERENCES customer (id),
  equipment_id   INTEGER REFERENCES equipment (id),
  status         TEXT NOT NULL DEFAULT 'planned'
                 CHECK (status IN ('planned','done','signed','cancelled')),
  planned_on     TEXT NOT NULL,                 -- the (first) day planned
  days           INTEGER NOT NULL DEFAULT 1 CHECK (days BETWEEN 1 AND 60),  -- training: days planned
  engineer       TEXT REFERENCES staff (login), -- the engineer, the trainer
  done_on        TEXT,                          -- commissioning date; first day of training held
  done_to        TEXT,                          -- last day of training held
  work           TEXT,                          -- checks made; topics taught
  attendees      TEXT,                          -- training: the attendees' names (学员)
  attendee_count INTEGER CHECK (attendee_count IS NULL OR attendee_count > 0),
  signed_by      TEXT,                          -- who signed for the customer
  signed_on      TEXT,
  cancel_reason  TEXT,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  done_at        TEXT,                          -- when done was recorded
  done_by        TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  CHECK (kind <> 'commission' OR equipment_id IS NOT NULL),
  CHECK (status IN ('planned','cancelled') OR (done_on IS NOT NULL AND engineer IS NOT NULL)),
  CHECK (status <> 'signed' OR (signed_by IS NOT NULL AND signed_on IS NOT NULL)),
  CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
);
-- one commissioning of a machine that is not cancelled
CREATE UNIQUE INDEX install_job_machine ON install_job (equipment_id)
  WHERE kind = 'commission' AND status <> 'cancelled';
CREATE INDEX install_job_planned ON install_job (planned_on, id);
CREATE INDEX install_job_customer ON install_job (customer_id, planned_on);
CREATE INDEX install_job_done ON install_job (done_on) WHERE done_on IS NOT NULL;
