-- archive-compact: the archive of record of the datasets, for planning: every object archive_manifest names, except
-- the staged objects and inputs of groups not finished yet (a restart resumes those first).
SELECT m.object_key, m.dataset, m.partition_path, m.row_count, m.byte_size, m.min_id, m.max_id
  FROM archive_manifest m
 WHERE m.dataset = ANY(CAST(:datasets AS TEXT[]))
   AND NOT EXISTS (SELECT 1 FROM archive_compactions c
                    WHERE c.state IN ('planned', 'recorded')
                      AND (m.object_key = ANY(c.input_keys) OR m.object_key = c.staged_key))
 ORDER BY m.dataset, m.partition_path, m.object_key
