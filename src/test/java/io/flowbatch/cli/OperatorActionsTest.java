package io.flowbatch.cli;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
		assertThat(actions(failed.executionId())).containsExactly(action("run", "INC-7 first try"));
		assertThat(actions(restarted.executionId())).containsExactly(action("restart", null));

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

	@ParameterizedTest(name = "with --reason: {0}")
	@ValueSource(booleans = { true, false })
	void everyVerbIsRecordedOnTheExecutionItActedOnWithItsReasonOrNone(boolean withReasons) throws Exception {
		Map<String, String> reasons = withReasons ? Map.of("run", "INC-9 reload", "stop", "maintenance window",
				"restart", "after the window", "recover", "node lost", "abandon", "superseded by a new run")
				: Map.of();
		String run = uniqueRun();
		long stoppedId;
		try (ChildFlowbatch child = ChildFlowbatch
			.start(command(reasons, "run", "restart-probe", "run=" + run, "items=1000", "sleepMs=10"))) {
			stoppedId = child.awaitExecutionId();
			awaitRows(run, 5);
			CliRun stop = CliRun.of(command(reasons, "stop", String.valueOf(stoppedId)));
			assertThat(stop.exitCode()).as(stop.toString()).isZero();
			assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.stderr()).isEqualTo(5);
		}
		long killedId;
		try (ChildFlowbatch child = ChildFlowbatch.start(command(reasons, "restart", String.valueOf(stoppedId)))) {
			killedId = child.awaitExecutionId();
			child.kill();
		}
		CliRun recover = CliRun.of(command(reasons, "recover", String.valueOf(killedId)));
		CliRun abandon = CliRun.of(command(reasons, "abandon", String.valueOf(killedId)));

		assertThat(recover.exitCode()).as(recover.toString()).isZero();
		assertThat(abandon.exitCode()).as(abandon.toString()).isZero();
		assertThat(actions(stoppedId)).containsExactly(action("run", reasons.get("run")),
				action("stop", reasons.get("stop")));
		assertThat(actions(killedId)).containsExactly(action("restart", reasons.get("restart")),
				action("recover", reasons.get("recover")), action("abandon", reasons.get("abandon")));
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

	/** A row of operator_actions as this test's runs record it; {@code reason} null when none was given. */
	private record Action(String action, String actor, String version, String reason) {
	}

	private static Action action(String verb, String reason) {
		return new Action(verb, OS_USER, "development", reason);
	}

	/** {@code flowbatch VERB ARGS}, with {@code --reason} when {@code reasons} has one for the verb. */
	private static String[] command(Map<String, String> reasons, String verb, String... args) {
		Stream<String> reason = reasons.containsKey(verb) ? Stream.of("--reason", reasons.get(verb)) : Stream.empty();
		return Stream.of(Stream.of(verb), Stream.of(args), reason).flatMap((part) -> part).toArray(String[]::new);
	}

	private static List<Action> actions(long executionId) {
		return jdbc().sql("""
				SELECT action, actor, flowbatch_version, reason
				  FROM operator_actions WHERE job_execution_id = :id ORDER BY acted_at, id""")
			.param("id", executionId)
			.query((row, n) -> new Action(row.getString("action"), row.getString("actor"),
					row.getString("flowbatch_version"), row.getString("reason")))
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
