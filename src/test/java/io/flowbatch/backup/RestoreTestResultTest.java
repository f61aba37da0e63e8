package io.flowbatch.backup;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreTestResultTest {

	private final RestoreTestResult started = RestoreTestResult.started(7, "flowbatch~restore~7", false,
			Duration.ofSeconds(10));

	@Test
	void theRtoIsTheSumOfThePhasesOnceAllAreMeasured() {
		RestoreTestResult restored = this.started.ofBackup("b.dump").downloaded(1.5).restored(4.0, 2);

		assertThat(restored.rtoSeconds()).isNull();
		assertThat(restored.passed()).isFalse();

		RestoreTestResult validated = restored.validated(2.5, 9);

		assertThat(validated.rtoSeconds()).isEqualTo(8.0);
		assertThat(validated.passed()).isTrue();
		assertThat(validated.withinRto()).isTrue();
		assertThat(validated.summary()).contains("b.dump passed: 9 tables validated, 2 roles created")
			.contains("RTO 8.0 s").contains("target 10 s");
	}

	@Test
	void aFailureAtAnyPhaseKeepsWhatWasMeasuredAndDoesNotPass() {
		RestoreTestResult failed = this.started.ofBackup("b.dump").downloaded(1.0).failed("pg_restore failed: x");

		assertThat(failed.passed()).isFalse();
		assertThat(failed.downloadSeconds()).isEqualTo(1.0);
		assertThat(failed.failure()).isEqualTo("pg_restore failed: x");
	}

	@Test
	void aRestoreSlowerThanTheTargetIsOutsideTheRto() {
		assertThat(this.started.downloaded(5).restored(5, 0).validated(1, 3).withinRto()).isFalse();
	}

}
