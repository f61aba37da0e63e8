package io.flowbatch.backup;

import java.time.Duration;

import io.flowbatch.metrics.JobMetrics;

/**
 * What a restore test measured and found: the backup, the RTO by phase (download, restore, validate), the tables
 * validated, the roles it had to create; {@code failure} when it did not pass.
 */
record RestoreTestResult(long executionId, String scratch, boolean kept, Duration rtoTarget, String backupKey,
		Double downloadSeconds, Double restoreSeconds, Double validateSeconds, Integer tablesChecked,
		Integer rolesCreated, String failure) {

	static RestoreTestResult started(long executionId, String scratch, boolean kept, Duration rtoTarget) {
		return new RestoreTestResult(executionId, scratch, kept, rtoTarget, null, null, null, null, null, null, null);
	}

	boolean passed() {
		return this.failure == null && this.tablesChecked != null;
	}

	RestoreTestResult ofBackup(String key) {
		return new RestoreTestResult(this.executionId, this.scratch, this.kept, this.rtoTarget, key, null, null, null,
				null, null, null);
	}

	RestoreTestResult downloaded(double seconds) {
		return new RestoreTestResult(this.executionId, this.scratch, this.kept, this.rtoTarget, this.backupKey, seconds,
				null, null, null, null, null);
	}

	RestoreTestResult restored(double seconds, int rolesCreated) {
		return new RestoreTestResult(this.executionId, this.scratch, this.kept, this.rtoTarget, this.backupKey,
				this.downloadSeconds, seconds, null, null, rolesCreated, null);
	}

	RestoreTestResult validated(double seconds, int tablesChecked) {
		return new RestoreTestResult(this.executionId, this.scratch, this.kept, this.rtoTarget, this.backupKey,
				this.downloadSeconds, this.restoreSeconds, seconds, tablesChecked, this.rolesCreated, null);
	}

	RestoreTestResult failed(String reason) {
		return new RestoreTestResult(this.executionId, this.scratch, this.kept, this.rtoTarget, this.backupKey,
				this.downloadSeconds, this.restoreSeconds, this.validateSeconds, this.tablesChecked, this.rolesCreated,
				reason);
	}

	Double rtoSeconds() {
		return (this.downloadSeconds == null || this.restoreSeconds == null || this.validateSeconds == null) ? null
				: this.downloadSeconds + this.restoreSeconds + this.validateSeconds;
	}

	boolean withinRto() {
		return rtoSeconds() == null || rtoSeconds() <= this.rtoTarget.toSeconds();
	}

	/** The result as this run's metrics: the restore-test alerts read them. */
	void publish(JobMetrics metrics) {
		metrics.set("flowbatch.restore.test.passed", passed() ? 1 : 0);
		metrics.set("flowbatch.restore.test.rto.target.seconds", this.rtoTarget.toSeconds());
		if (passed()) {
			metrics.set("flowbatch.restore.test.rto.seconds", rtoSeconds());
		}
		publishPhase(metrics, "download", this.downloadSeconds);
		publishPhase(metrics, "restore", this.restoreSeconds);
		publishPhase(metrics, "validate", this.validateSeconds);
	}

	private static void publishPhase(JobMetrics metrics, String phase, Double seconds) {
		if (seconds != null) {
			metrics.set("flowbatch.restore.test.phase.seconds", seconds, "phase", phase);
		}
	}

	String summary() {
		return String.format("restore test of %s passed: %d tables validated, %d roles created from the globals;"
				+ " RTO %.1f s (download %.1f s, restore %.1f s, validate %.1f s), target %d s", this.backupKey,
				this.tablesChecked, this.rolesCreated, rtoSeconds(), this.downloadSeconds, this.restoreSeconds,
				this.validateSeconds, this.rtoTarget.toSeconds());
	}

}
