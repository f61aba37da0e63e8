INSERT INTO pitr_test_results (job_execution_id, tested_at, stanza, target_time, recovered_to, backup_label, passed,
    failure, restore_seconds, recovery_seconds, validate_seconds, rto_seconds, rto_target_seconds, markers_expected,
    markers_found, last_marker_id, tables_checked, validated_as, validated_as_superuser, scratch_directory)
VALUES (:executionId, :testedAt, :stanza, :targetTime, :recoveredTo, :backupLabel, :passed, :failure,
    :restoreSeconds, :recoverySeconds, :validateSeconds, :rtoSeconds, :rtoTargetSeconds, :markersExpected,
    :markersFound, :lastMarkerId, :tablesChecked, :validatedAs, :validatedAsSuperuser, :scratchDirectory)
