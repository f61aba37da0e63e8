-- The newest flowbatch migration applied successfully (flowbatch's versions are whole numbers: V1, V2, ...); 0 for
-- none.
SELECT coalesce(max(CAST(version AS INTEGER)), 0)
  FROM flyway_schema_history
 WHERE success AND version ~ '^[0-9]+$'
