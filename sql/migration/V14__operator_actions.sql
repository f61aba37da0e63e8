-- Who did what to which execution, and why: one row per run, restart, stop, abandon and recover that took effect.
-- Auditors read it next to the job history (flowbatch status/history, the console); rows are never updated.
CREATE TABLE operator_actions (
    id                BIGSERIAL    PRIMARY KEY,
    job_execution_id  BIGINT       NOT NULL,
    job_name          VARCHAR(100) NOT NULL,
    action            VARCHAR(10)  NOT NULL CHECK (action IN ('run', 'restart', 'stop', 'abandon', 'recover')),
    acted_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- The OS user, or the Kubernetes service account (system:serviceaccount:NAMESPACE:NAME) in a pod.
    actor             VARCHAR(200) NOT NULL,
    -- The host name, or the pod's name in Kubernetes.
    host              VARCHAR(255) NOT NULL,
    flowbatch_version VARCHAR(50)  NOT NULL,
    reason            TEXT
);

CREATE INDEX operator_actions_execution ON operator_actions (job_execution_id, acted_at);
