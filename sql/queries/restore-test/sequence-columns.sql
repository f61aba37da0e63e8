-- restore-test: every column fed by a sequence (serial or identity), with its sequence; each must be at or past
-- the column's maximum, or the restored database would fail its next insert.
SELECT quote_ident(c.table_schema) || '.' || quote_ident(c.table_name)                                   AS table_name,
       quote_ident(c.column_name)                                                                        AS column_name,
       pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name) AS sequence_name
  FROM information_schema.columns c
 WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
   AND pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name) IS NOT NULL
