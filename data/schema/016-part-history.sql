-- A past month's stock figures use the parts as they stood at the month's
-- end: a part created after it is not in its low-stock list, and a reorder
-- point, name, unit or active flag changed since counts with its old value.
-- part.created_at is when the part was registered (NULL: before this history
-- was kept; seeded from the audit trail); part_was holds the values a change
-- replaced, until the moment of the change.
ALTER TABLE part ADD COLUMN created_at TEXT;
UPDATE part SET created_at = (SELECT min(a.at) FROM audit a
	WHERE a.tbl = 'part' AND a.rowkey = part.part_no AND a.action = 'insert');

CREATE TABLE part_was (
  id            INTEGER PRIMARY KEY,
  part_id       INTEGER NOT NULL REFERENCES part (id),
  until_at      TEXT NOT NULL,
  name          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  reorder_point INTEGER NOT NULL,
  active        INTEGER NOT NULL
);
INSERT INTO part_was (part_id, until_at, name, unit, reorder_point, active)
SELECT p.id, a.at, json_extract(a.old, '$.name'), json_extract(a.old, '$.unit'),
       json_extract(a.old, '$.reorder_point'), json_extract(a.old, '$.active')
FROM audit a JOIN part p ON p.part_no = a.rowkey
WHERE a.tbl = 'part' AND a.action = 'update' AND a.old IS NOT NULL AND json_valid(a.old)
  AND json_extract(a.old, '$.name') IS NOT NULL AND json_extract(a.old, '$.unit') IS NOT NULL
  AND json_extract(a.old, '$.reorder_point') IS NOT NULL AND json_extract(a.old, '$.active') IS NOT NULL
ORDER BY a.id;
CREATE INDEX part_was_until ON part_was (part_id, until_at, id);
