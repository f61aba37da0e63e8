package io.flowbatch.cli;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.flowbatch.testsupport.RestartProbeTables.curePoison;
import static io.flowbatch.testsupport.RestartProbeTables.executionCount;
import static io.flowbatch.testsupport.RestartProbeTables.firstItemWrittenBy;
import static io.flowbatch.testsupport.RestartProbeTables.outputRows;
import static io.flowbatch.testsupport.RestartProbeTables.outputRowsWrittenBy;
import static io.flowbatch.testsupport.RestartProbeTables.poison;
import static io.flowbatch.testsupport.RestartProbeTables.statusOf;
import static io.flowbatch.testsupport.RestartProbeTables.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;

/** Every CLI verb against a real PostgreSQL, through the same entry point as {@code ./flowbatch}. */
class OperatorCommandsTest {

	@BeforeAll
	static void startDatabase() {
		TestPostgres.get();
		// Applies the migrations and creates the probe's tables.
		CliRun warmUp = CliRun.of("run", "restart-probe", "run=warm-up", "items=1");
		assertThat(warmUp.exitCode()).as(warmUp.toString()).isZero();
	}

	@Test
	void runPrintsTheExecutionIdFirstAndExitsZeroWhenCompleted() {
		String run = uniqueRun();

		CliRun result = CliRun.of("run", "restart-probe", "run=" + run, "items=35");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).startsWith("execution-id: ").contains("COMPLETED");
		assertThat(outputRows(run)).isEqualTo(35);
		assertThat(statusOf(result.executionId())).isEqualTo("COMPLETED");
	}

	@Test
	void aStepFailureExitsOneAndRestartResumesAfterTheLastCommittedChunk() {
		String run = uniqueRun();
		poison(run, 57);

		CliRun failed = CliRun.of("run", "restart-probe", "run=" + run, "items=100");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(statusOf(failed.executionId())).isEqualTo("FAILED");
		assertThat(outputRows(run)).isEqualTo(50);
		CliRun status = CliRun.of("status", String.valueOf(failed.executionId()));
		assertThat(status.out()).contains("FAILED").contains("poison item 57").contains("copy");

		curePoison(run);
		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(restarted.executionId()).isNotEqualTo(failed.executionId());
		assertThat(outputRows(run)).isEqualTo(100);
		// Items 1..50 were committed by the failed execution and not processed again.
		assertThat(outputRowsWrittenBy(run, failed.executionId())).isEqualTo(50);
		assertThat(firstItemWrittenBy(run, restarted.executionId())).isEqualTo(51L);
	}

	@Test
	void anUnknownJobIsRefusedWithExitTwoAndNothingStarts() {
		long before = executionCount();

		CliRun result = CliRun.of("run", "no-such-job");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("unknown job 'no-such-job'").contains("restart-probe");
		assertThat(executionCount()).isEqualTo(before);
	}

	@Test
	void badParametersAreRefusedWithExitTwoAndNothingStarts() {
		long before = executionCount();

		CliRun unknown = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "colour=red");
		CliRun wrongType = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "items=many");
		CliRun outOfBounds = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "items=0");
		CliRun missing = CliRun.of("run", "restart-probe");

		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).contains("unknown parameter 'colour'");
		assertThat(wrongType.exitCode()).isEqualTo(2);
		assertThat(wrongType.err()).contains("parameter 'items' must be a whole number, got 'many'");
		assertThat(outOfBounds.exitCode()).isEqualTo(2);
		assertThat(outOfBounds.err()).contains("parameter 'items' must be between 1 and 100000, got '0'");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("missing required parameter 'run'");
		assertThat(executionCount()).isEqualTo(before);
	}

	@Test
	void restartingACompletedOrUnknownExecutionIsRefused() {
		CliRun completed = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "items=5");

		CliRun again = CliRun.of("restart", String.valueOf(completed.executionId()));
		CliRun unknown = CliRun.of("restart", "987654321");
		CliRun malformed = CliRun.of("restart", "abc");

		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).contains("is COMPLETED; only FAILED or STOPPED executions can be restarted");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).contains("no execution with id 987654321");
		assertThat(malformed.exitCode()).isEqualTo(2);
		assertThat(malformed.err()).contains("execution id must be a positive whole number, got 'abc'");
	}

	@Test
	void runningACompletedInstanceAgainIsRefused() {
		String run = uniqueRun();
		CliRun first = CliRun.of("run", "restart-probe", "run=" + run, "items=5");

		CliRun second = CliRun.of("run", "restart-probe", "run=" + run, "items=5");

		assertThat(second.exitCode()).isEqualTo(2);
		assertThat(second.err()).contains("already COMPLETED in execution " + first.executionId());
	}

	@Test
	void stopAbandonAndRecoverRefuseExecutionsInTheWrongState() {
		CliRun completed = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "items=5");
		String id = String.valueOf(completed.executionId());

		assertThat(CliRun.of("stop", id).err()).contains("is not running (COMPLETED)");
		assertThat(CliRun.of("abandon", id).err()).contains("only FAILED or STOPPED executions can be abandoned");
		assertThat(CliRun.of("recover", id).err()).contains("only an execution left STARTED by a dead JVM");
		assertThat(CliRun.of("stop", "987654321").exitCode()).isEqualTo(2);
	}

	@Test
	void abandonedExecutionsAreNotRestarted() {
		String run = uniqueRun();
		poison(run, 3);
		CliRun failed = CliRun.of("run", "restart-probe", "run=" + run, "items=10");

		CliRun abandoned = CliRun.of("abandon", String.valueOf(failed.executionId()));

		assertThat(abandoned.exitCode()).as(abandoned.toString()).isZero();
		assertThat(statusOf(failed.executionId())).isEqualTo("ABANDONED");
		assertThat(CliRun.of("restart", String.valueOf(failed.executionId())).exitCode()).isEqualTo(2);
	}

	@Test
	void historyListsExecutionsNewestFirstInEveryFormat() {
		String run = uniqueRun();
		CliRun first = CliRun.of("run", "restart-probe", "run=" + run, "items=3");

		CliRun table = CliRun.of("history", "--job", "restart-probe", "--since", "1d");
		CliRun json = CliRun.of("history", "-o", "json", "--status", "completed", "--limit", "5");
		CliRun csv = CliRun.of("history", "--format=csv", "--since", "2020-01-01");

		assertThat(table.exitCode()).isZero();
		assertThat(json.exitCode()).as(json.toString()).isZero();
		assertThat(csv.exitCode()).as(csv.toString()).isZero();
		assertThat(table.out().lines().skip(1).findFirst().orElseThrow()).startsWith(first.executionId() + " ")
			.contains("restart-probe", "COMPLETED", "run=" + run);
		JsonNode newest = JsonMapper.builder().build().readTree(json.out()).get(0);
		assertThat(newest.get("executionId").asLong()).isEqualTo(first.executionId());
		assertThat(newest.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(OffsetDateTime.parse(newest.get("started").asString()).getOffset()).isEqualTo(ZoneOffset.UTC);
		assertThat(newest.get("durationSeconds").isNumber()).isTrue();
		assertThat(newest.get("parameters").get("items").isIntegralNumber()).isTrue();
		assertThat(newest.get("parameters").get("items").asLong()).isEqualTo(3);
		assertThat(newest.get("parameters").get("run").asString()).isEqualTo(run);
		List<String> csvLines = csv.out().lines().toList();
		assertThat(csvLines.get(0)).isEqualTo(
				"executionId,job,status,exitCode,started,ended,durationSeconds,parameters,startedBy,exitDescription,"
						+ "operatorActions");
		assertThat(csvLines.get(1)).startsWith(first.executionId() + ",restart-probe,COMPLETED,COMPLETED,")
			.contains("\"{\"\"items\"\":3,");
		assertThat(CliRun.of("history", "--since", "yesterday").exitCode()).isEqualTo(2);
		assertThat(CliRun.of("history", "--format", "xml").err()).contains("--output (-o) must be table, json or csv");
	}

	@Test
	void statusPrintsOneExecutionInEveryFormat() {
		String run = uniqueRun();
		CliRun completed = CliRun.of("run", "restart-probe", "run=" + run, "items=12", "--reason", "format check");
		String id = String.valueOf(completed.executionId());

		CliRun json = CliRun.of("status", id, "-o", "json");
		CliRun csv = CliRun.of("status", id, "--output", "csv");

		assertThat(json.exitCode()).as(json.toString()).isZero();
		JsonNode detail = JsonMapper.builder().build().readTree(json.out());
		assertThat(detail.get("executionId").asLong()).isEqualTo(completed.executionId());
		assertThat(detail.get("job").asString()).isEqualTo("restart-probe");
		assertThat(detail.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(OffsetDateTime.parse(detail.get("ended").asString()).getOffset()).isEqualTo(ZoneOffset.UTC);
		assertThat(detail.get("durationSeconds").isNumber()).isTrue();
		assertThat(detail.get("parameters").get("items").asLong()).isEqualTo(12);
		JsonNode step = null;
		for (JsonNode candidate : detail.get("steps")) {
			if (candidate.get("step").asString().equals("copy")) {
				step = candidate;
			}
		}
		assertThat(step).as(json.out()).isNotNull();
		assertThat(step.get("written").asLong()).isEqualTo(12);
		assertThat(detail.get("operatorActions").get(0).get("reason").asString()).isEqualTo("format check");
		List<String> csvLines = csv.out().lines().toList();
		assertThat(csvLines.get(0)).isEqualTo("executionId,step,status,read,written,filtered,skipped,commits,"
				+ "rollbacks,started,ended,durationSeconds,exitDescription");
		assertThat(csvLines).hasSize(1 + detail.get("steps").size());
		assertThat(csvLines).anySatisfy((line) -> assertThat(line).startsWith(id + ",copy,COMPLETED,12,12,0,0,"));
		assertThat(CliRun.of("status", id, "-o", "xml").exitCode()).isEqualTo(2);
	}

	@Test
	void jobsPrintsTheCatalog() {
		CliRun jobs = CliRun.of("jobs");

		assertThat(jobs.exitCode()).isZero();
		assertThat(jobs.out()).contains("restart-probe - Copies the numbers")
			.containsPattern("items\\s+long\\s+100\\s+1\\.\\.100000\\s+no");
	}

	@Test
	void unknownVerbsAndOptionsAreUsageErrors() {
		assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(2);
		assertThat(CliRun.of().exitCode()).isEqualTo(2);
		assertThat(CliRun.of("status", "1", "--verbose").err())
			.isEqualTo("flowbatch status: Unknown option: '--verbose'; try 'flowbatch help status'"
					+ System.lineSeparator());
	}

	@Test
	void anUnreachableDatabaseIsOneLineAndExitThree() throws Exception {
		String url = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/flowbatch?password=s3cret");
		// How soon it gives up is configuration (connectTimeout, connection-timeout: 5 s), not asserted on a shared
		// machine's wall clock.
		try (ChildFlowbatch child = ChildFlowbatch.start("history")) {
			int exit = child.awaitExit(java.time.Duration.ofSeconds(60));

			assertThat(exit).as(child.stderr()).isEqualTo(3);
			assertThat(child.stderr().strip()).startsWith("flowbatch: database unreachable at")
				.doesNotContain("s3cret")
				.doesNotContain("\tat ");
			assertThat(child.stderr().strip().lines()).as(child.stderr()).hasSize(1);
		}
		finally {
			System.setProperty("spring.datasource.url", url);
		}
	}

}
