-- archive-compact: staged copies of groups promoted by an earlier job instance (the grace period is over), which
-- archive_manifest no longer names.
SELECT c.id, c.staged_key
  FROM archive_compactions c
 WHERE c.state = 'promoted'
   AND c.job_instance_id <> :job_instance_id
   AND NOT EXISTS (SELECT 1 FROM archive_manifest m WHERE m.object_key = c.staged_key)
 ORDER BY c.id
