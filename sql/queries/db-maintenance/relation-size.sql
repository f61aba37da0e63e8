-- db-maintenance: a table's size with its indexes and TOAST, or an index's, before and after its statement.
SELECT CASE WHEN c.relkind = 'i' THEN pg_relation_size(c.oid) ELSE pg_total_relation_size(c.oid) END
  FROM pg_class c
 WHERE c.relnamespace = current_schema()::regnamespace
   AND c.relname = :target
