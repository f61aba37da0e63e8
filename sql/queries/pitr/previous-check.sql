SELECT failed_count, stats_reset FROM wal_archive_checks
WHERE job_execution_id < :executionId ORDER BY job_execution_id DESC LIMIT 1
