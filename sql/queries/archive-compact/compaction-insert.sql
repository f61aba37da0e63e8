-- archive-compact: a planned group (committed before its staged object is written).
INSERT INTO archive_compactions (id, dataset, partition_path, final_key, staged_key, input_keys, state, job_execution_id,
                                 job_instance_id, planned_at, updated_at)
VALUES (:id, :dataset, :partition_path, :final_key, :staged_key, CAST(:input_keys AS TEXT[]), 'planned', :job_execution_id,
        :job_instance_id, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
