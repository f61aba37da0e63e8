-- restore-test: the result of one test, whatever it was.
INSERT INTO restore_test_results (job_execution_id, backup_key, tested_at, passed, failure, download_seconds,
                                  restore_seconds, validate_seconds, rto_seconds, rto_target_seconds, tables_checked,
                                  scratch_database, kept)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
