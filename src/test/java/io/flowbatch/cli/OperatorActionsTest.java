package io.flowbatch.cli;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.flowbatch.testsupport.RestartProbeTables.curePoison;
import static io.flowbatch.testsupport.RestartProbeTables.executionCount;
import static io.flowbatch.testsupport.RestartProbeTables.jdbc;
import static io.flowbatch.testsupport.RestartProbeTables.outputRows;
import static io.flowbatch.testsupport.RestartProbeTables.poison;
import static io.flowbatch.testsupport.RestartProbeTables.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;

/** Who ran, restarted, stopped, abandoned or recovered an execution, and why: recorded and shown. */
class OperatorActionsTest {

	private static final String OS_USER = System.getProperty("user.name");

	@BeforeAll
	static void startDatabase() {
		TestPostgres.get();
		CliRun warmUp = CliRun.of("run", "restart-probe", "run=warm-up-actions", "items=1");
		assertThat(warmUp.exitCode()).as(warmUp.toString()).isZero();
	}

	@Test
	void runAndRestartAreRecordedWithTheirReasonAndShownInStatusAndHistory() {
		String run = uniqueRun();
		poison(run, 7);
		CliRun failed = CliRun.of("run", "restart-probe", "run=" + run, "items=20", "--reason", "INC-7 first try");
		curePoison(run);
		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(actions(failed.executionId())).containsExactly(
				Map.of("action", "run", "actor", OS_USER, "version", "development", "reason", "INC-7 first try"));
		assertThat(actions(restarted.executionId()))
			.containsExactly(Map.of("action", "restart", "actor", OS_USER, "version", "development", "reason", ""));

		CliRun status = CliRun.of("status", String.valueOf(restarted.executionId()));
		assertThat(status.out()).contains("operator actions (this job instance)");
		List<String> actionLines = status.out()
			.lines()
			.dropWhile((line) -> !line.contains("operator actions"))
			.skip(2)
			.toList();
		assertThat(actionLines).hasSize(2);
		assertThat(actionLines.get(0)).contains(" run ", " " + failed.executionId() + " ", OS_USER, "INC-7 first try");
		assertThat(actionLines.get(1)).contains(" restart ", " " + restarted.executionId() + " ", OS_USER);

		CliRun json = CliRun.of("history", "-o", "json", "--job", "restart-probe", "--limit", "5");
		JsonNode newest = JsonMapper.builder().build().readTree(json.out()).get(0);
		assertThat(newest.get("executionId").asLong()).isEqualTo(restarted.executionId());
		assertThat(newest.get("startedBy").asString()).isEqualTo(OS_USER);
		JsonNode action = newest.get("operatorActions").get(0);
		assertThat(action.get("action").asString()).isEqualTo("restart");
		assertThat(action.get("actor").asString()).isEqualTo(OS_USER);
		assertThat(action.get("host").asString()).isNotBlank();
		assertThat(OffsetDateTime.parse(action.get("at").asString()).getOffset()).isEqualTo(ZoneOffset.UTC);
		assertThat(action.get("reason").isNull()).isTrue();
	}

	@Test
	void stopRecoverAndAbandonAreRecordedOnTheExecutionTheyActedOn() throws Exception {
		String run = uniqueRun();
		long stoppedId;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "restart-probe", "run=" + run, "items=1000",
				"sleepMs=10")) {
			stoppedId = child.awaitExecutionId();
			awaitRows(run, 5);
			CliRun stop = CliRun.of("stop", String.valueOf(stoppedId), "--reason", "maintenance window");
			assertThat(stop.exitCode()).as(stop.toString()).isZero();
			assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.stderr()).isEqualTo(5);
		}
		long killedId;
		try (ChildFlowbatch child = ChildFlowbatch.start("restart", String.valueOf(stoppedId))) {
			killedId = child.awaitExecutionId();
			child.kill();
		}
		CliRun recover = CliRun.of("recover", String.valueOf(killedId), "--reason", "node lost");
		CliRun abandon = CliRun.of("abandon", String.valueOf(killedId), "--reason", "superseded by a new run");

		assertThat(recover.exitCode()).as(recover.toString()).isZero();
		assertThat(abandon.exitCode()).as(abandon.toString()).isZero();
		assertThat(actions(stoppedId)).extracting((action) -> action.get("action") + ":" + action.get("reason"))
			.containsExactly("run:", "stop:maintenance window");
		assertThat(actions(killedId)).extracting((action) -> action.get("action") + ":" + action.get("reason"))
			.containsExactly("restart:", "recover:node lost", "abandon:superseded by a new run");
	}

	@Test
	void aRefusedCommandRecordsNothing() {
		long executionsBefore = executionCount();
		long actionsBefore = actionCount();

		CliRun blankReason = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "--reason", " ");
		CliRun reasonWithoutValue = CliRun.of("run", "restart-probe", "run=" + uniqueRun(), "--reason");
		CliRun statusWithReason = CliRun.of("status", "1", "--reason", "why not");
		CliRun unknownExecution = CliRun.of("abandon", "987654321", "--reason", "typo");

		assertThat(blankReason.exitCode()).isEqualTo(2);
		assertThat(blankReason.err()).contains("--reason must be 1 to 1000 characters");
		assertThat(reasonWithoutValue.exitCode()).isEqualTo(2);
		assertThat(statusWithReason.exitCode()).isEqualTo(2);
		assertThat(unknownExecution.exitCode()).isEqualTo(2);
		assertThat(executionCount()).isEqualTo(executionsBefore);
		assertThat(actionCount()).isEqualTo(actionsBefore);
	}

	private static List<Map<String, String>> actions(long executionId) {
		return jdbc().sql("""
				SELECT action, actor, flowbatch_version, coalesce(reason, '') AS reason
				  FROM operator_actions WHERE job_execution_id = :id ORDER BY acted_at, id""")
			.param("id", executionId)
			.query((row, n) -> Map.of("action", row.getString("action"), "actor", row.getString("actor"), "version",
					row.getString("flowbatch_version"), "reason", row.getString("reason")))
			.list();
	}

	private static long actionCount() {
		return jdbc().sql("SELECT count(*) FROM operator_actions").query(Long.class).single();
	}

	private static void awaitRows(String run, int rows) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (outputRows(run) < rows) {
			assertThat(System.nanoTime()).as("rows written before the deadline").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
