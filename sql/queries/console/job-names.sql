-- The console's job filter: every job that has run here.
SELECT DISTINCT job_name FROM batch_job_instance ORDER BY job_name
