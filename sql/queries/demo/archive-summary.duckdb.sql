-- flowbatch demo: an analyst's query over the Parquet archive, in DuckDB. {webhook_events} and {flow_items} stand for
-- read_parquet('<dataset>/**/*.parquet', hive_partitioning = true, filename = true) over the archive's files.
SELECT 'webhook_events' AS dataset,
       count(DISTINCT filename) AS objects,
       count(*) AS rows,
       min(received_at) AS oldest,
       max(received_at) AS newest
FROM {webhook_events}
UNION ALL
SELECT 'flow_items',
       count(DISTINCT filename),
       count(*),
       min(completed_at),
       max(completed_at)
FROM {flow_items}
