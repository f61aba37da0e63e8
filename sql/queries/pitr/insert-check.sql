INSERT INTO wal_archive_checks (job_execution_id, checked_at, passed, failure, archived_count, failed_count,
    last_archived_wal, last_archived_at, last_failed_wal, last_failed_at, stats_reset, newest_backup_label,
    newest_backup_at, wal_range_checked)
VALUES (:executionId, :checkedAt, :passed, :failure, :archivedCount, :failedCount, :lastArchivedWal, :lastArchivedAt,
    :lastFailedWal, :lastFailedAt, :statsReset, :newestBackupLabel, :newestBackupAt, :walRangeChecked)
