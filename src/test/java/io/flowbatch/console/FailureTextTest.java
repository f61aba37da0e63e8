package io.flowbatch.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTextTest {

	@Test
	void theRootCauseIsTheInnermostCausedBy() {
		FailureText failure = FailureText.of("""
				org.springframework.batch.core.step.StepExecutionException: chunk failed
					at org.springframework.batch.core.step.AbstractStep.execute(AbstractStep.java:1)
				Caused by: org.springframework.dao.DataAccessResourceFailureException: could not write
					at x.y(Z.java:2)
				Caused by: org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command
					at a.b(C.java:3)
				""");

		assertThat(failure.firstLine())
			.isEqualTo("org.springframework.batch.core.step.StepExecutionException: chunk failed");
		assertThat(failure.rootCause())
			.isEqualTo("org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command");
		assertThat(failure.hasMore()).isTrue();
	}

	@Test
	void aOneLineDescriptionHasNoRootCauseOfItsOwn() {
		FailureText failure = FailureText.of("RTO 2.1 s exceeds the target of 1 s");

		assertThat(failure.rootCause()).isNull();
		assertThat(failure.hasMore()).isFalse();
		assertThat(FailureText.of(null).isEmpty()).isTrue();
		assertThat(FailureText.of("  ").isEmpty()).isTrue();
	}

}
