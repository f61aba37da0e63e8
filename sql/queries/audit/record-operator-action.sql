-- One operator action that took effect (flowbatch run/restart/stop/abandon/recover).
INSERT INTO operator_actions (job_execution_id, job_name, action, actor, host, flowbatch_version, reason)
VALUES (:executionId, :jobName, :action, :actor, :host, :version, :reason)
