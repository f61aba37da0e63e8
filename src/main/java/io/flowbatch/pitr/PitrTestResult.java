package io.flowbatch.pitr;

import java.time.Duration;
import java.time.Instant;

import io.flowbatch.metrics.JobMetrics;

/**
 * What a drill found: its target, the backup it restored, the time the copy recovered to, the RTO by phase (restore,
 * recovery to the target and promotion, validation), the role that validated the copy and the marker checks;
 * {@code failure} when it did not pass.
 */
record PitrTestResult(long executionId, String stanza, Instant target, String backupLabel, Instant recoveredTo,
		Double restoreSeconds, Double recoverySeconds, Double validateSeconds, Duration rtoTarget, Validator validator,
		MarkerCheck.Result markers, String failure) {

	/** The role the drill's validation queries ran as in the copy, and whether it is a superuser there. */
	record Validator(String role, boolean superuser) {

		@Override
		public String toString() {
			return this.superuser ? this.role + " (a superuser)" : this.role + " (not a superuser)";
		}

	}

	boolean passed() {
		return this.failure == null;
	}

	Double rtoSeconds() {
		return (this.restoreSeconds == null || this.recoverySeconds == null || this.validateSeconds == null) ? null
				: this.restoreSeconds + this.recoverySeconds + this.validateSeconds;
	}

	PitrTestResult failed(String reason) {
		return new PitrTestResult(this.executionId, this.stanza, this.target, this.backupLabel, this.recoveredTo,
				this.restoreSeconds, this.recoverySeconds, this.validateSeconds, this.rtoTarget, this.validator,
				this.markers, reason);
	}

	/** The result as this run's metrics: the pitr-test alerts read them. */
	void publish(JobMetrics metrics) {
		metrics.set("flowbatch.pitr.test.passed", passed() ? 1 : 0);
		metrics.set("flowbatch.pitr.test.rto.target.seconds", this.rtoTarget.toSeconds());
		if (passed()) {
			metrics.set("flowbatch.pitr.test.rto.seconds", rtoSeconds());
		}
		publishPhase(metrics, "restore", this.restoreSeconds);
		publishPhase(metrics, "recovery", this.recoverySeconds);
		publishPhase(metrics, "validate", this.validateSeconds);
	}

	private static void publishPhase(JobMetrics metrics, String phase, Double seconds) {
		if (seconds != null) {
			metrics.set("flowbatch.pitr.test.phase.seconds", seconds, "phase", phase);
		}
	}

	String summary() {
		return String.format("pitr-test of stanza %s passed: backup %s restored to %s, recovered to %s; validated as %s:"
				+ " %d markers in the copy (%d expected), none after the target, %d tables' row counts match; RTO %.1f s"
				+ " (restore %.1f s, recovery %.1f s, validate %.1f s), target %d s", this.stanza, this.backupLabel,
				TargetTime.forPostgres(this.target), (this.recoveredTo != null) ? TargetTime.forPostgres(this.recoveredTo)
						: "(no transaction replayed)",
				this.validator, this.markers.found(), this.markers.expected(), this.markers.tablesChecked(),
				rtoSeconds(), this.restoreSeconds, this.recoverySeconds, this.validateSeconds,
				this.rtoTarget.toSeconds());
	}

}
