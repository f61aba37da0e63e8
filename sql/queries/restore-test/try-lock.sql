-- restore-test: one at a time per database, since each run drops the scratch databases and downloads that earlier runs
-- left. Held by the run's admin session; released when it ends, also when the JVM is killed.
SELECT pg_try_advisory_lock(hashtext('flowbatch restore-test'))
