-- The archive jobs export a partition's rows sorted by id (the order its checksum is computed in). PostgreSQL's
-- default work_mem (4 MB) makes the sort of a usual partition (a few thousand rows with their JSON) spill to
-- temporary files, which made the export ~1.5x slower (measured on webhook-archive). LOCAL: until the partition's
-- transaction ends; two workers hold at most 2 x 64 MB of sort memory on the server.
SET LOCAL work_mem = '64MB'
