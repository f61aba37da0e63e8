-- The transaction in which an archive job exports, verifies and deletes a partition (LOCAL: until it ends).
-- Sort memory: a partition's rows are exported sorted by id (the order its checksum is computed in). PostgreSQL's
-- default work_mem (4 MB) makes the sort of a usual partition (a few thousand rows with their JSON) spill to
-- temporary files, which made the export ~1.5x slower (measured on webhook-archive); two workers hold at most
-- 2 x 64 MB of sort memory on the server.
-- Custom plans: the lock and export statements run once per partition on the same connection, so after five
-- executions PostgreSQL switches to a generic plan, which cannot see the partition's month and id range: for the
-- webhook export it is a bitmap AND of the id and received_at indexes plus a sort (estimated at 2 rows), where the
-- plan for the actual values walks the primary key in id order without sorting. Forcing plans for the actual values
-- cut PostgreSQL's CPU for the export by ~35 % (docs/benchmarks.md, "PostgreSQL's share: plan once, export, delete").
-- Statements by id list (exports by locked ids, deletes) go back to generic plans (id-list-generic-plans.sql).
SET LOCAL work_mem = '64MB';
SET LOCAL plan_cache_mode = force_custom_plan
