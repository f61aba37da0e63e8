-- Before a partition's statements that select or delete by an id list (flow-item-retention's exports by locked ids,
-- every delete), in the transaction whose export forced plans for the actual values (export-session.sql): such a plan
-- estimates the selectivity of each id in the list, 146 ms of planning for a list of 29,500 ids (measured), where the
-- generic plan, the same index scan, takes 1 ms. LOCAL: until the partition's transaction ends.
SET LOCAL plan_cache_mode = force_generic_plan
