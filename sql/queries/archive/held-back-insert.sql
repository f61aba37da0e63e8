-- A row the run leaves in PostgreSQL because one of its values cannot be archived exactly.
INSERT INTO archive_held_back (job_execution_id, dataset, row_id, column_name, column_value)
VALUES (:job_execution_id, :dataset, :row_id, :column_name, :column_value)
ON CONFLICT DO NOTHING
