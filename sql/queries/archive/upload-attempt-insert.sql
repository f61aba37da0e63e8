-- Records that this database is about to upload an object (committed before the first byte is sent): the only
-- objects an archive job's clean-up may ever delete are those it finds here and not in archive_manifest.
INSERT INTO archive_upload_attempts (object_key, dataset, job_execution_id, started_at)
VALUES (:object_key, :dataset, :job_execution_id, now() AT TIME ZONE 'UTC')
ON CONFLICT (object_key) DO NOTHING
