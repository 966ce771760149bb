-- servdesk schema, migration 13: warranty terms per piece of equipment and
-- service contracts (维保合约).
--
-- Equipment: warranty_months overrides the global warranty months (NULL: the
-- site's settings); warranty_from counts the warranty from one date only
-- (NULL: from commissioning and from arrival acceptance, the earlier end).
-- Existing equipment keeps NULL in both and so keeps its warranty.
ALTER TABLE equipment ADD COLUMN warranty_months INTEGER
  CHECK (warranty_months IS NULL OR warranty_months BETWEEN 1 AND 1200);
ALTER TABLE equipment ADD COLUMN warranty_from TEXT
  CHECK (warranty_from IS NULL OR warranty_from IN ('commissioned','accepted'));

-- A contract covers the listed equipment of its customer (contract_equipment),
-- or all of the customer's equipment when none is listed, from from_on to
-- to_on (inclusive), or to ended_on when it was ended early. Service levels
-- per priority can later be kept in a table keyed by (contract_id, priority).
CREATE TABLE contract (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customer (id),
  from_on      TEXT NOT NULL,
  to_on        TEXT NOT NULL,
  visits       TEXT NOT NULL DEFAULT 'none' CHECK (visits IN ('none','quarterly','monthly')),
  covers_labour  INTEGER NOT NULL DEFAULT 0 CHECK (covers_labour IN (0,1)),
  covers_travel  INTEGER NOT NULL DEFAULT 0 CHECK (covers_travel IN (0,1)),
  covers_lodging INTEGER NOT NULL DEFAULT 0 CHECK (covers_lodging IN (0,1)),
  covers_parts   INTEGER NOT NULL DEFAULT 0 CHECK (covers_parts IN (0,1)),
  free_repairs INTEGER NOT NULL DEFAULT 0 CHECK (free_repairs >= 0),
  note         TEXT,
  ended_on     TEXT,
  end_reason   TEXT,
  who          TEXT NOT NULL,
  at           TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  CHECK (to_on >= from_on),
  CHECK (ended_on IS NULL OR (ended_on >= from_on AND ended_on <= to_on))
);
CREATE INDEX contract_customer ON contract (customer_id, from_on);
CREATE INDEX contract_end ON contract (to_on);

CREATE TABLE contract_equipment (
  contract_id  INTEGER NOT NULL REFERENCES contract (id),
  equipment_id INTEGER NOT NULL REFERENCES equipment (id),
  PRIMARY KEY (contract_id, equipment_id)
) WITHOUT ROWID;
CREATE INDEX contract_equipment_eq ON contract_equipment (equipment_id);

-- The free repairs used: one per ledger entry.
CREATE TABLE contract_repair (
  ledger_id    INTEGER PRIMARY KEY REFERENCES ledger (id),
  contract_id  INTEGER NOT NULL REFERENCES contract (id),
  at           TEXT NOT NULL
);
CREATE INDEX contract_repair_contract ON contract_repair (contract_id);

-- A charge made free by a contract names it.
ALTER TABLE charge ADD COLUMN contract_id INTEGER REFERENCES contract (id);
ALTER TABLE charge ADD COLUMN free_repair INTEGER NOT NULL DEFAULT 0 CHECK (free_repair IN (0,1));
