-- archive-compact: the verified staged object becomes the archive of record of its inputs' rows (same transaction as
-- the inputs' rows leave archive_manifest). rows_deleted: the rows deleted from PostgreSQL because of the inputs.
INSERT INTO archive_manifest (object_key, dataset, partition_path, row_count, byte_size, sha256, min_id, max_id,
                              content_checksum, verified_at, rows_deleted, job_execution_id)
VALUES (:object_key, :dataset, :partition_path, :row_count, :byte_size, :sha256, :min_id, :max_id,
        :content_checksum, now() AT TIME ZONE 'UTC', :rows_deleted, :job_execution_id)
