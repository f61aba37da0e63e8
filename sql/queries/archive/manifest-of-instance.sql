-- The objects recorded by any execution of a job instance, for the run's JSON manifest.
SELECT object_key, dataset, partition_path, row_count, byte_size, sha256, min_id, max_id,
       content_checksum, verified_at, rows_deleted, job_execution_id
  FROM archive_manifest
 WHERE job_execution_id IN (SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = :job_instance_id)
 ORDER BY object_key
