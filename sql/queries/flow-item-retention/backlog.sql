-- flow-item-retention: flow items completed before :cutoff still in PostgreSQL (flowbatch_archive_backlog_rows).
SELECT count(*) FROM flow_items WHERE completed_at < :cutoff
