-- db-health: the WAL archiver (runbook 5): failures since the last successful archive.
SELECT 'archiver' AS subject,
       CASE WHEN last_failed_time IS NOT NULL AND (last_archived_time IS NULL OR last_failed_time > last_archived_time)
            THEN 1 ELSE 0 END::double precision AS value,
       format('archive_mode %s; %s archived (last %s at %s), %s failed (last %s at %s)', current_setting('archive_mode'),
              archived_count, coalesce(last_archived_wal, '-'), coalesce(last_archived_time::text, '-'), failed_count,
              coalesce(last_failed_wal, '-'), coalesce(last_failed_time::text, '-')) AS detail
  FROM pg_stat_archiver
