-- What archive-verify found wrong with the objects archive_manifest records: one row per object and problem, per
-- execution. An archive the manifest vouches for that is missing or differs is a loss in waiting (its rows are gone
-- from PostgreSQL), so every finding fails the run and stays here for the investigation.
CREATE TABLE archive_verify_findings (
    job_execution_id BIGINT      NOT NULL,
    object_key       TEXT        NOT NULL,
    problem          VARCHAR(30) NOT NULL,
    detail           TEXT        NOT NULL,
    found_at         TIMESTAMP   NOT NULL,
    PRIMARY KEY (job_execution_id, object_key)
);
