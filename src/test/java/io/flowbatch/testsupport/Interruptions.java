package io.flowbatch.testsupport;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a job's JVM at a chosen moment, then recovers and restarts the execution by id, as an operator would. */
public final class Interruptions {

	/** A moment to wait for while the child runs. */
	@FunctionalInterface
	public interface Moment {

		void await() throws Exception;

	}

	private Interruptions() {
	}

	/** Starts {@code flowbatch ARGS} in a child JVM, waits for the moment, kills it (SIGKILL); returns the execution id. */
	public static long killWhen(Moment moment, String... args) throws Exception {
		try (ChildFlowbatch child = ChildFlowbatch.start(args)) {
			long executionId = child.awaitExecutionId();
			moment.await();
			child.kill();
			return executionId;
		}
	}

	public static void recoverAndRestart(long executionId) {
		CliRun recovered = CliRun.of("recover", String.valueOf(executionId));
		assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
		CliRun restarted = CliRun.of("restart", String.valueOf(executionId));
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
	}

	/** Waits until a statement matching {@code fragment} (a LIKE pattern) is waiting for a lock in PostgreSQL. */
	public static Moment statementWaitingForLock(String fragment) {
		return () -> {
			JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?")
				.param("%" + fragment + "%")
				.query(Integer.class)
				.single() == 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("no statement like '" + fragment + "' ever waited for a lock");
				}
				Thread.sleep(20);
			}
		};
	}

	/** Waits until the test S3 server holds a request at the pause. */
	public static Moment reached(FaultyBlobStore.Pause pause) {
		return () -> pause.awaitReached(Duration.ofSeconds(60));
	}

}
