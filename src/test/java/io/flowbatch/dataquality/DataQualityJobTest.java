package io.flowbatch.dataquality;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.flowbatch.devtools.generate.GenerationOptions;
import io.flowbatch.devtools.generate.WorkloadGenerator;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.Csv;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static io.flowbatch.testsupport.Interruptions.statementWaitingForLock;
import static org.assertj.core.api.Assertions.assertThat;

/** data-quality on a generated workload (clean) in the real PostgreSQL, then with one defect planted per rule. */
class DataQualityJobTest {

	private static final AtomicInteger RERUN = new AtomicInteger();

	private static JdbcClient jdbc;

	@BeforeAll
	static void startDatabase() {
		TestServers.startDatabase();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void generateACleanWorkload() {
		jdbc.sql("TRUNCATE teams, flow_items, stage_transitions, stage_metrics, webhook_events, data_quality_findings"
				+ " RESTART IDENTITY CASCADE").update();
		new WorkloadGenerator(TestPostgres.get().dataSource())
			.generate(new GenerationOptions(3, 600, 2_000, 60, 11, Instant.now()));
	}

	@Test
	void aCleanGeneratedWorkloadHasNoFindingsAndEachPlantedDefectIsFoundByItsRuleAlone() {
		CliRun clean = run();
		assertThat(clean.exitCode()).as(clean.toString()).isZero();
		assertThat(counts(clean.executionId())).as("findings on the generated workload")
			.containsExactlyInAnyOrderEntriesOf(expected(Map.of()));

		Map<String, String> planted = plantOneDefectPerRule();
		CliRun defective = run();

		assertThat(defective.exitCode()).as(defective.toString()).isZero();
		Map<String, Long> ones = new LinkedHashMap<>();
		planted.keySet().forEach((rule) -> ones.put(rule, 1L));
		assertThat(counts(defective.executionId())).containsExactlyInAnyOrderEntriesOf(expected(ones));
		planted.forEach((rule, sample) -> assertThat(jdbc
			.sql("SELECT sample_ids::text FROM data_quality_findings WHERE job_execution_id = ? AND rule = ?")
			.params(defective.executionId(), rule)
			.query(String.class)
			.single()).as(rule).isEqualTo("[\"" + sample + "\"]"));
		assertThat(CliRun.of("status", String.valueOf(defective.executionId())).out())
			.contains("findings: completed-at-without-completed 1");
	}

	@Test
	void theReportShowsTheLatestRunWithThePreviousCountsAsTableJsonAndCsv() {
		assertThat(run().exitCode()).isZero();
		List<String> mistyped = jdbc
			.sql("UPDATE flow_items SET item_type = 'featrue' WHERE id IN (SELECT id FROM flow_items LIMIT 2)"
					+ " RETURNING id::text")
			.query(String.class)
			.list();
		CliRun second = run();
		assertThat(second.exitCode()).as(second.toString()).isZero();

		CliRun table = CliRun.of("report", "data-quality");
		CliRun json = CliRun.of("report", "data-quality", "-o", "json");
		CliRun csv = CliRun.of("report", "data-quality", "-o", "csv");

		assertThat(table.exitCode()).as(table.toString()).isZero();
		assertThat(table.out()).contains("execution " + second.executionId())
			.containsPattern("unknown-item-type\\s+2\\s+0\\s+\\S+ \\S+")
			.containsPattern("stuck-pending-events\\s+0\\s+0");
		assertThat(json.exitCode()).as(json.toString()).isZero();
		JsonNode rules = JsonMapper.builder().build().readTree(json.out());
		assertThat(rules.isArray()).isTrue();
		assertThat(rules.valueStream().map((rule) -> rule.get("executionId").asLong()))
			.containsOnly(second.executionId());
		JsonNode unknownItemType = rule(rules, "unknown-item-type");
		assertThat(unknownItemType.get("description").asString()).isNotBlank();
		assertThat(Stream.of("findings", "previous", "growth").map(unknownItemType::get))
			.allMatch(JsonNode::isIntegralNumber);
		assertThat(unknownItemType.get("findings").asLong()).isEqualTo(2);
		assertThat(unknownItemType.get("previous").asLong()).isZero();
		assertThat(unknownItemType.get("growth").asLong()).isEqualTo(2);
		assertThat(unknownItemType.get("sampleIds").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrderElementsOf(mistyped);
		assertThat(OffsetDateTime.parse(unknownItemType.get("checkedAt").asString()).getOffset())
			.isEqualTo(ZoneOffset.UTC);
		assertThat(rule(rules, "stuck-pending-events").get("findings").asLong()).isZero();
		assertThat(csv.exitCode()).as(csv.toString()).isZero();
		assertThat(Csv.header(csv.out())).containsExactly("rule", "description", "findings", "previous", "growth",
				"sampleIds", "checkedAt", "executionId");
		List<Map<String, String>> csvRules = Csv.rows(csv.out());
		assertThat(csvRules).hasSize(rules.size());
		Map<String, String> csvUnknownItemType = csvRules.stream()
			.filter((rule) -> rule.get("rule").equals("unknown-item-type"))
			.findFirst()
			.orElseThrow();
		assertThat(csvUnknownItemType).containsEntry("findings", "2")
			.containsEntry("previous", "0")
			.containsEntry("executionId", String.valueOf(second.executionId()))
			.containsEntry("checkedAt", unknownItemType.get("checkedAt").asString());
		assertThat(JsonMapper.builder().build().readTree(csvUnknownItemType.get("sampleIds")))
			.isEqualTo(unknownItemType.get("sampleIds"));
		assertThat(CliRun.of("report", "no-such-report").exitCode()).isEqualTo(2);
		assertThat(CliRun.of("report", "data-quality", "-o", "xml").exitCode()).isEqualTo(2);
	}

	@Test
	void aRunKilledAtTheLastRuleResumesWithItAndChecksNoRuleTwice() throws Exception {
		long executionId;
		// Another session holds webhook_events: the last rule (stuck-pending-events) waits, the five before it are
		// recorded.
		try (Connection holder = TestPostgres.get().dataSource().getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE");
			}
			executionId = killWhen(statementWaitingForLock("processing_status = 'pending'"), "run", "data-quality",
					"rerun=" + RERUN.incrementAndGet());
			holder.rollback();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM data_quality_findings WHERE job_execution_id = ?")
			.param(executionId)
			.query(Long.class)
			.single()).as("rules recorded before the kill").isEqualTo(Rule.values().length - 1);

		recoverAndRestart(executionId);

		assertThat(jdbc.sql("""
				SELECT read_count FROM batch_step_execution
				 WHERE step_name = 'check-rules'
				   AND job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution)""")
			.query(Long.class)
			.single()).as("rules checked by the restart").isEqualTo(1);
		assertThat(jdbc.sql("""
				SELECT count(DISTINCT rule) FROM data_quality_findings f
				  JOIN batch_job_execution e ON e.job_execution_id = f.job_execution_id
				 WHERE e.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)""")
			.param(executionId)
			.query(Long.class)
			.single()).isEqualTo(Rule.values().length);
	}

	/** Plants one defect for each rule, each touching no other rule; returns rule to the id its sample should be. */
	private static Map<String, String> plantOneDefectPerRule() {
		Map<String, String> planted = new LinkedHashMap<>();
		List<String> completed = jdbc.sql("SELECT id::text FROM flow_items WHERE status = 'completed' ORDER BY id LIMIT 3")
			.query(String.class)
			.list();
		jdbc.sql("UPDATE flow_items SET completed_at = NULL WHERE id = ?::uuid").param(completed.get(0)).update();
		planted.put("completed-without-completed-at", completed.get(0));

		String canceled = jdbc.sql("SELECT id::text FROM flow_items WHERE status = 'canceled' ORDER BY id LIMIT 1")
			.query(String.class)
			.single();
		jdbc.sql("UPDATE flow_items SET completed_at = updated_at WHERE id = ?::uuid").param(canceled).update();
		planted.put("completed-at-without-completed", canceled);

		// The move into testing claims to come from analysis: the chain breaks, no stage's times change.
		jdbc.sql("UPDATE stage_transitions SET from_stage = 'analysis' WHERE flow_item_id = ?::uuid AND to_stage = 'testing'")
			.param(completed.get(1))
			.update();
		planted.put("transitions-out-of-order", completed.get(1));

		jdbc.sql("""
				UPDATE stage_metrics SET started_at = started_at + INTERVAL '1 hour',
				                         active_time_seconds = 0, wait_time_seconds = 0
				 WHERE flow_item_id = ?::uuid AND stage = 'review'""").param(completed.get(2)).update();
		planted.put("stage-metrics-disagree", completed.get(2) + "/review");

		String mistyped = jdbc.sql("""
				SELECT id::text FROM flow_items
				 WHERE status = 'in_progress' AND item_type = 'feature' ORDER BY id LIMIT 1""")
			.query(String.class)
			.single();
		jdbc.sql("UPDATE flow_items SET item_type = 'featrue' WHERE id = ?::uuid").param(mistyped).update();
		planted.put("unknown-item-type", mistyped);

		long stuck = jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at)
				VALUES ('github', 'push', ?, '{}', 'pending', ?) RETURNING id""")
			.params(UUID.randomUUID().toString(), LocalDateTime.now(ZoneOffset.UTC).minusHours(7))
			.query(Long.class)
			.single();
		planted.put("stuck-pending-events", String.valueOf(stuck));
		return planted;
	}

	private static Map<String, Long> expected(Map<String, Long> nonZero) {
		Map<String, Long> all = new LinkedHashMap<>();
		for (Rule rule : Rule.values()) {
			all.put(rule.label(), nonZero.getOrDefault(rule.label(), 0L));
		}
		return all;
	}

	private static Map<String, Long> counts(long executionId) {
		Map<String, Long> counts = new LinkedHashMap<>();
		jdbc.sql("SELECT rule, finding_count FROM data_quality_findings WHERE job_execution_id = ?")
			.param(executionId)
			.query((row) -> {
				counts.put(row.getString("rule"), row.getLong("finding_count"));
			});
		return counts;
	}

	private static JsonNode rule(JsonNode rules, String name) {
		return rules.valueStream()
			.filter((rule) -> rule.get("rule").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no rule " + name + " in " + rules));
	}

	private static CliRun run() {
		return CliRun.of("run", "data-quality", "rerun=" + RERUN.incrementAndGet());
	}

}
