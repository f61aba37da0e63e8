-- webhook-archive: events received before :cutoff still in PostgreSQL (flowbatch_archive_backlog_rows).
SELECT count(*) FROM webhook_events WHERE received_at < :cutoff
