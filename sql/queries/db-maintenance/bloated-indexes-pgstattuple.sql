-- db-maintenance: as bloated-indexes-estimate.sql, measured with pgstattuple's pgstatindex where the extension is
-- installed: bloat is the share of the leaf pages' 90 % fill (B-tree's fillfactor) that is empty.
WITH indexes AS (
    SELECT c.oid, c.relname AS index_name
      FROM pg_index x
      JOIN pg_class c ON c.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_am am ON am.oid = c.relam
     WHERE am.amname = 'btree'
       AND t.relnamespace = current_schema()::regnamespace
       AND x.indisvalid
       AND pg_relation_size(c.oid) >= :min_index_bytes
),
measured AS (
    SELECT i.index_name, greatest(0, 1 - s.avg_leaf_density / 90.0) AS bloat
      FROM indexes i
      CROSS JOIN LATERAL pgstatindex(i.oid) s
     WHERE s.avg_leaf_density = s.avg_leaf_density
)
SELECT index_name AS target, bloat
  FROM measured
 WHERE bloat >= :bloat_ratio
 ORDER BY bloat DESC, index_name
