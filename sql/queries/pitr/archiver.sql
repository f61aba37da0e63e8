-- pg_stat_archiver, and whether WAL was written after the last archived segment (pg_walfile_name of an LSN at a
-- segment boundary names the segment before it, so right after a switch nothing counts as unarchived).
SELECT archived_count, failed_count, last_archived_wal,
       last_archived_time AT TIME ZONE 'UTC' AS last_archived_at,
       last_failed_wal, last_failed_time AT TIME ZONE 'UTC' AS last_failed_at,
       stats_reset AT TIME ZONE 'UTC' AS stats_reset,
       clock_timestamp() AT TIME ZONE 'UTC' AS now,
       pg_walfile_name(pg_current_wal_lsn()) AS current_wal,
       current_setting('archive_mode') AS archive_mode,
       current_setting('wal_segment_size') AS wal_segment_size
FROM pg_stat_archiver
