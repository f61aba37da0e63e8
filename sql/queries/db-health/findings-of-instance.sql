-- db-health: what a job instance found, per section the latest execution that checked it.
SELECT f.section, f.subject, f.value, f.detail, f.recorded_at, f.job_execution_id
  FROM db_health_findings f
  JOIN batch_job_execution e ON e.job_execution_id = f.job_execution_id
 WHERE e.job_instance_id = :job_instance_id
   AND f.job_execution_id = (SELECT max(g.job_execution_id)
                               FROM db_health_findings g
                               JOIN batch_job_execution ge ON ge.job_execution_id = g.job_execution_id
                              WHERE ge.job_instance_id = :job_instance_id AND g.section = f.section)
 ORDER BY f.section, f.value DESC NULLS LAST, f.subject
