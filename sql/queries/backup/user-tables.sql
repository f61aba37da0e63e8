-- backup: every user table, whose exact row count goes into the manifest (counted in the dump's snapshot).
SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS qualified_name
  FROM pg_tables
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
 ORDER BY 1
