-- restore-test: indexes left invalid and constraints left unvalidated by the restore.
SELECT 'invalid index ' || i.indexrelid::REGCLASS AS problem FROM pg_index i WHERE NOT i.indisvalid
UNION ALL
SELECT 'unvalidated constraint ' || c.conname || ' on ' || c.conrelid::REGCLASS FROM pg_constraint c WHERE NOT c.convalidated
