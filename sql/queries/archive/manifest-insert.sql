-- Records a verified object and the rows deleted because of it (same transaction as the delete).
INSERT INTO archive_manifest (object_key, dataset, partition_path, row_count, byte_size, sha256, min_id, max_id,
                              content_checksum, verified_at, rows_deleted, job_execution_id)
VALUES (:object_key, :dataset, :partition_path, :row_count, :byte_size, :sha256, :min_id, :max_id,
        :content_checksum, now() AT TIME ZONE 'UTC', :rows_deleted, :job_execution_id)
