-- archive-compact: the groups an earlier execution planned or recorded but did not promote, of the datasets, in the
-- order they were planned: a restart finishes them before planning new ones.
SELECT id, dataset, partition_path, final_key, staged_key, input_keys, state, row_count, byte_size, sha256,
       content_checksum
  FROM archive_compactions
 WHERE state IN ('planned', 'recorded')
   AND dataset = ANY(CAST(:datasets AS TEXT[]))
 ORDER BY id
