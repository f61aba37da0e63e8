package io.flowbatch.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.flowbatch.testsupport.RestartProbeTables.distinctOutputItems;
import static io.flowbatch.testsupport.RestartProbeTables.jdbc;
import static io.flowbatch.testsupport.RestartProbeTables.outputRows;
import static io.flowbatch.testsupport.RestartProbeTables.outputRowsWrittenBy;
import static io.flowbatch.testsupport.RestartProbeTables.statusOf;
import static io.flowbatch.testsupport.RestartProbeTables.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restart contract end to end, with real processes: a JVM killed with SIGKILL mid-step is recovered and
 * restarted by execution id with every item written exactly once, and so is an execution whose chunk lost its
 * database session (UNKNOWN); SIGTERM ends an execution STOPPED, never STARTED.
 */
class RestartContractTest {

	@BeforeAll
	static void startDatabase() {
		TestPostgres.get();
		assertThat(CliRun.of("run", "restart-probe", "run=warm-up-contract", "items=1").exitCode()).isZero();
	}

	@Test
	void aJvmKilledMidStepIsRecoveredAndRestartedWithEveryItemWrittenExactlyOnce() throws Exception {
		String run = uniqueRun();
		long executionId;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "restart-probe", "run=" + run, "items=300",
				"sleepMs=10")) {
			executionId = child.awaitExecutionId();
			await(() -> outputRows(run) >= 40, child);
			child.kill();
		}
		int writtenBeforeKill = outputRows(run);
		assertThat(statusOf(executionId)).isEqualTo("STARTED");
		assertThat(CliRun.of("restart", String.valueOf(executionId)).err()).contains("its JVM died")
			.contains("flowbatch recover " + executionId);

		CliRun recovered = CliRun.of("recover", String.valueOf(executionId));
		assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
		assertThat(statusOf(executionId)).isEqualTo("FAILED");
		CliRun restarted = CliRun.of("restart", String.valueOf(executionId));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(writtenBeforeKill).isBetween(40, 299);
		assertThat(outputRows(run)).isEqualTo(300);
		assertThat(distinctOutputItems(run)).isEqualTo(300);
		// Only whole chunks survive a kill: what the dead JVM committed stays its own, the rest is the restart's.
		assertThat(outputRowsWrittenBy(run, executionId) % 10).isZero();
	}

	@Test
	void aChunkWhoseDatabaseSessionIsTerminatedEndsUnknownAndIsRecoveredAndRestartedWithEveryItemWrittenExactlyOnce()
			throws Exception {
		String run = uniqueRun();
		CompletableFuture<CliRun> running = CompletableFuture
			.supplyAsync(() -> CliRun.of("run", "restart-probe", "run=" + run, "items=300", "sleepMs=10"));
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (outputRows(run) < 30 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		// The chunk transaction's session: the processor's poison look-ups run in it, between sleeps.
		int terminated = jdbc().sql("""
				SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				 WHERE datname = current_database() AND pid <> pg_backend_pid()
				   AND query LIKE '%restart_probe_poison%' AND query NOT LIKE '%pg_stat_activity%'""")
			.query(Integer.class)
			.single();
		CliRun failed = running.get(2, TimeUnit.MINUTES);
		String id = String.valueOf(failed.executionId());

		assertThat(terminated).isEqualTo(1);
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(statusOf(failed.executionId())).isEqualTo("UNKNOWN");
		assertThat(CliRun.of("restart", id).err()).contains("is UNKNOWN").contains("flowbatch recover " + id);
		CliRun recovered = CliRun.of("recover", id);
		assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
		assertThat(statusOf(failed.executionId())).isEqualTo("FAILED");
		CliRun restarted = CliRun.of("restart", id);

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(outputRows(run)).isEqualTo(300);
		assertThat(distinctOutputItems(run)).isEqualTo(300);
		assertThat(outputRowsWrittenBy(run, failed.executionId()) % 10).isZero();
	}

	@Test
	void sigtermStopsTheExecutionGracefullySoThatItCanBeRestarted() throws Exception {
		String run = uniqueRun();
		long executionId;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "restart-probe", "run=" + run, "items=300",
				"sleepMs=10")) {
			executionId = child.awaitExecutionId();
			await(() -> outputRows(run) >= 30, child);
			int exit = child.terminate(Duration.ofSeconds(30));
			assertThat(exit).as(child.stderr()).isEqualTo(143);
		}
		assertThat(statusOf(executionId)).isEqualTo("STOPPED");
		assertThat(outputRows(run)).isLessThan(300);

		CliRun restarted = CliRun.of("restart", String.valueOf(executionId));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(outputRows(run)).isEqualTo(300);
	}

	@Test
	void aLiveExecutionCannotBeRecoveredOrStartedTwiceButCanBeStopped() throws Exception {
		String run = uniqueRun();
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "restart-probe", "run=" + run, "items=1000",
				"sleepMs=10")) {
			long executionId = child.awaitExecutionId();
			await(() -> outputRows(run) >= 10, child);

			CliRun recover = CliRun.of("recover", String.valueOf(executionId));
			CliRun secondStart = CliRun.of("run", "restart-probe", "run=" + run, "items=1000");
			CliRun stop = CliRun.of("stop", String.valueOf(executionId));

			assertThat(recover.exitCode()).isEqualTo(6);
			assertThat(recover.err()).contains("is alive in another process");
			assertThat(secondStart.exitCode()).isEqualTo(6);
			assertThat(secondStart.err()).contains("already running as execution " + executionId);
			assertThat(stop.exitCode()).as(stop.toString()).isZero();
			assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.stderr()).isEqualTo(5);
			assertThat(statusOf(executionId)).isEqualTo("STOPPED");
		}
	}

	private static void await(BooleanSupplier condition, ChildFlowbatch child) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("condition not reached; child stderr:\n" + child.stderr());
			}
			Thread.sleep(50);
		}
	}

}
