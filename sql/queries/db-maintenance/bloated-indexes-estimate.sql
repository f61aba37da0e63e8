-- db-maintenance: valid B-tree indexes of flowbatch's schema of at least :min_index_bytes whose estimated bloat
-- reaches :bloat_ratio, most bloated first. The estimate, from the catalog statistics (run ANALYZE first): the pages
-- reltuples index tuples need (8-byte header plus the key columns' average width from pg_stats, MAXALIGNed, plus a
-- 4-byte line pointer) on leaf pages 90 % full (B-tree's fillfactor), against the pages the index has.
WITH indexes AS (
    SELECT c.relname AS index_name, c.relpages, c.reltuples,
           (SELECT coalesce(sum(s.avg_width), 0)
              FROM pg_attribute a
              JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = t.relname AND s.attname = a.attname
             WHERE a.attrelid = t.oid AND a.attnum = ANY (x.indkey)) AS key_width
      FROM pg_index x
      JOIN pg_class c ON c.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_am am ON am.oid = c.relam
     WHERE am.amname = 'btree'
       AND t.relnamespace = current_schema()::regnamespace
       AND x.indisvalid
       AND x.indexprs IS NULL
       AND pg_relation_size(c.oid) >= :min_index_bytes
),
estimated AS (
    SELECT index_name,
           1 - (ceil(greatest(reltuples, 0) * (8 + ceil(key_width / 8.0) * 8 + 4)
                     / ((current_setting('block_size')::int - 40) * 0.9)) + 1) / greatest(relpages, 1) AS bloat
      FROM indexes
)
SELECT index_name AS target, bloat
  FROM estimated
 WHERE bloat >= :bloat_ratio
 ORDER BY bloat DESC, index_name
