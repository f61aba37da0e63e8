-- The partitions an archive job's plan step planned (issue 17, "plan once"): the workers archive these, each its
-- share (ordinal modulo the worker count), instead of running the plan query again. A worker's position in its share
-- is kept in its step execution context, committed with each partition, so a restart continues after the last
-- partition archived. Deleted when the job instance completes.
CREATE TABLE archive_plan_partitions (
    job_execution_id BIGINT  NOT NULL,
    ordinal          INTEGER NOT NULL,
    partition_values TEXT[]  NOT NULL,
    row_count        BIGINT  NOT NULL,
    estimated_bytes  BIGINT  NOT NULL,
    first_id         TEXT    NOT NULL,
    last_id          TEXT    NOT NULL,
    PRIMARY KEY (job_execution_id, ordinal)
);
