-- data-quality: per rule, what a job instance found (the latest execution that checked the rule: a restart checks
-- only the rules its failed execution had not) and what the latest earlier instance that checked it found.
SELECT cur.rule, cur.finding_count, cur.sample_ids::text AS sample_ids, cur.checked_at, cur.job_execution_id,
       (SELECT prev.finding_count
          FROM data_quality_findings prev
          JOIN batch_job_execution pe ON pe.job_execution_id = prev.job_execution_id
         WHERE prev.rule = cur.rule
           AND pe.job_instance_id <> :job_instance_id
           AND prev.job_execution_id < cur.job_execution_id
         ORDER BY prev.job_execution_id DESC
         LIMIT 1) AS previous_count
  FROM (SELECT DISTINCT ON (f.rule) f.*
          FROM data_quality_findings f
          JOIN batch_job_execution e ON e.job_execution_id = f.job_execution_id
         WHERE e.job_instance_id = :job_instance_id
         ORDER BY f.rule, f.job_execution_id DESC) cur
 ORDER BY cur.rule
