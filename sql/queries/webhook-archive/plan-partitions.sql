-- webhook-archive: the partitions (source, UTC month of received_at) holding the events received before :cutoff that
-- the run archives, with what a dry run reports. Only processed events are archived unless :include_unprocessed
-- (pending and failed ones still have work to do), and only rows whose timestamps Parquet holds exactly
-- (archivable_timestamp; the others are held back and reported). Sizes are PostgreSQL's stored (possibly
-- compressed) sizes, an estimate of the Parquet bytes.
-- The plan step runs it once (:workers 1) and stores the partitions for the workers (archive_plan_partitions).
-- Worker :worker of :workers takes every :workers-th month: only for executions planned before plans were stored.
-- OFFSET 0 keeps the inner query from being merged into the outer one: each row's size is computed before the rows
-- are grouped, so the sort behind GROUP BY carries a few bytes per row, not the payload.
SELECT source,
       received_month,
       count(*)             AS row_count,
       sum(bytes)           AS estimated_bytes,
       CAST(min(id) AS TEXT) AS first_id,
       CAST(max(id) AS TEXT) AS last_id
  FROM (SELECT source,
               to_char(received_at, 'YYYY-MM')                          AS received_month,
               pg_column_size(payload) + octet_length(delivery_id) + 64 AS bytes,
               id
          FROM webhook_events
         WHERE received_at < :cutoff
           AND (processing_status = 'processed' OR :include_unprocessed)
           AND archivable_timestamp(received_at) AND archivable_timestamp(processed_at)
           AND mod(CAST(extract(YEAR FROM received_at) * 12 + extract(MONTH FROM received_at) AS INTEGER), :workers)
               = :worker
        OFFSET 0) event_sizes
 GROUP BY source, received_month
 ORDER BY received_month, source
