SELECT id, written_at, row_counts::text AS row_counts FROM pitr_markers ORDER BY id
