-- flow-item-retention: completed items completed before :cutoff that the run should have archived and are still in
-- PostgreSQL (flowbatch_archive_backlog_rows): zero after a complete run; held-back items are reported by the run.
SELECT count(*)
  FROM flow_items
 WHERE status = 'completed'
   AND completed_at < :cutoff
   AND archivable_timestamp(completed_at) AND archivable_timestamp(created_at) AND archivable_timestamp(updated_at)
