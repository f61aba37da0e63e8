-- One partition the plan step planned, with its place in the plan (the workers' shares are taken by ordinal).
INSERT INTO archive_plan_partitions (job_execution_id, ordinal, partition_values, row_count, estimated_bytes,
                                     first_id, last_id)
VALUES (:job_execution_id, :ordinal, CAST(:partition_values AS TEXT[]), :row_count, :estimated_bytes, :first_id,
        :last_id)
