-- backup retention: the backups that backup-verify or a passed restore-test verified (full object keys).
SELECT backup_key FROM backup_verifications
 UNION
SELECT backup_key FROM restore_test_results WHERE passed
