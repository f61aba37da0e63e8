-- backup / restore-test: the primary key columns of a table, in key order, quoted; no row when it has none.
SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ordinality)
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
 WHERE i.indrelid = CAST(? AS REGCLASS) AND i.indisprimary
HAVING count(*) > 0
