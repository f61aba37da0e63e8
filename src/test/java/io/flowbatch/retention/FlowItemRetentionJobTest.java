package io.flowbatch.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** flow-item-retention against a real PostgreSQL and a real S3 server, read back and re-joined with DuckDB. */
class FlowItemRetentionJobTest {

	private static final String ITEMS = """
			SELECT id::TEXT AS id, external_id, team_id, item_type, title, description, story_points, current_stage,
			       status, (extract(EPOCH FROM created_at) * 1000000)::BIGINT AS created_at,
			       (extract(EPOCH FROM updated_at) * 1000000)::BIGINT AS updated_at,
			       (extract(EPOCH FROM completed_at) * 1000000)::BIGINT AS completed_at, labels::TEXT AS labels,
			       metadata::TEXT AS metadata
			  FROM flow_items %s ORDER BY id""";

	private static final String TRANSITIONS = """
			SELECT t.id, t.flow_item_id::TEXT AS flow_item_id, t.from_stage, t.to_stage,
			       (extract(EPOCH FROM t.transitioned_at) * 1000000)::BIGINT AS transitioned_at, t.duration_seconds,
			       t.triggered_by, t.event_type, t.event_payload::TEXT AS event_payload
			  FROM stage_transitions t JOIN flow_items f ON f.id = t.flow_item_id %s ORDER BY t.id""";

	private static final String METRICS = """
			SELECT m.id, m.flow_item_id::TEXT AS flow_item_id, m.stage,
			       (extract(EPOCH FROM m.started_at) * 1000000)::BIGINT AS started_at,
			       (extract(EPOCH FROM m.ended_at) * 1000000)::BIGINT AS ended_at, m.active_time_seconds,
			       m.wait_time_seconds, m.flow_efficiency_percent, m.blockers::TEXT AS blockers,
			       m.metadata::TEXT AS metadata
			  FROM stage_metrics m JOIN flow_items f ON f.id = m.flow_item_id %s ORDER BY m.id""";

	/** The rows done and planned of each progress line. */
	private static final Pattern PROGRESS_ROWS = Pattern
		.compile("Progress: flow-item-retention execution \\d+: \\d+/\\d+ partitions, ([\\d,]+)/([\\d,]+) rows");

	/** The progress test's fixture and cutoff, this many days earlier: a job instance of its own. */
	private static final int PROGRESS_SHIFT = 5_000;

	static JdbcClient jdbc;

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void loadItems() {
		this.prefix = loadFixture();
	}

	/** Three eligible items (one without children, one of a team with odd characters), three that stay. */
	static String loadFixture() {
		return loadFixture(0);
	}

	/** The fixture, every time {@code shiftDays} further in the past (so that a test can use a cutoff of its own). */
	static String loadFixture(int shiftDays) {
		String prefix = "retention-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", prefix);
		jdbc.sql("TRUNCATE team_daily_metrics, stage_metrics, stage_transitions, flow_items, teams, archive_manifest"
				+ " CASCADE").update();
		jdbc.sql("INSERT INTO teams (id, name) VALUES ('payments', 'Payments'), ('team/α β=1', 'Odd name')").update();
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).minusDays(shiftDays);
		item("gone-91", "payments", "completed", now.minusDays(120), now.minusDays(91));
		transition("gone-91", null, "analysis", now.minusDays(110), "{\"by\": \"jira\", \"ü\": [1, 2]}");
		transition("gone-91", "analysis", "development", now.minusDays(100), null);
		transition("gone-91", "development", "done", now.minusDays(91), "{}");
		metric("gone-91", "analysis", 3600, 7200, "33.33", "[{\"reason\": \"waiting on review\"}]");
		metric("gone-91", "development", 86400, 0, "100.00", null);
		item("gone-no-children", "payments", "completed", now.minusDays(200), now.minusDays(150));
		item("gone-odd-team", "team/α β=1", "completed", now.minusDays(300), now.minusDays(99));
		transition("gone-odd-team", null, "done", now.minusDays(99), null);
		item("stays-89", "payments", "completed", now.minusDays(100), now.minusDays(89));
		transition("stays-89", null, "done", now.minusDays(89), null);
		item("stays-open-400", "payments", "in_progress", now.minusDays(400), null);
		transition("stays-open-400", null, "development", now.minusDays(399), null);
		item("stays-canceled", "payments", "canceled", now.minusDays(300), null);
		return prefix;
	}

	@AfterEach
	void restore() {
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void itemsCompletedBeforeTheCutoffLeaveWithTheirChildrenAndReJoinExactlyFromTheArchive() {
		// A metric of an item of its own: an object whose single id parquet-java writes plain, with a bloom filter.
		metric("gone-odd-team", "done", 600, 0, "100.00", null);
		String eligible = "WHERE f.status = 'completed' AND f.completed_at < '" + LocalDate.now(ZoneOffset.UTC).minusDays(90) + "'";
		List<Map<String, Object>> items = jdbc.sql(ITEMS.formatted(eligible.replace("f.", ""))).query().listOfRows();
		List<Map<String, Object>> transitions = jdbc.sql(TRANSITIONS.formatted(eligible)).query().listOfRows();
		List<Map<String, Object>> metrics = jdbc.sql(METRICS.formatted(eligible)).query().listOfRows();
		Map<String, Long> before = counts();

		CliRun run = CliRun.of("run", "flow-item-retention");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(jdbc.sql("SELECT external_id FROM flow_items ORDER BY 1").query(String.class).list())
			.containsExactly("stays-89", "stays-canceled", "stays-open-400");
		assertThat(items).extracting((row) -> row.get("external_id"))
			.containsExactlyInAnyOrder("gone-91", "gone-no-children", "gone-odd-team");
		Path archive = ArchiveReader.download(this.prefix);
		// Each dataset's lookup id, and only it, carries a bloom filter, in every object written except where all its
		// pages are dictionary-encoded (one item's children): parquet-java then writes none, the dictionary being the
		// exact set of values, which readers check instead.
		Map.of("flow_items", "external_id", "stage_transitions", "flow_item_id", "stage_metrics", "flow_item_id")
			.forEach((dataset, lookupId) -> {
				List<Map<String, Object>> columns = ArchiveReader.columnChunks(archive, dataset);
				assertThat(columns).as(dataset)
					.filteredOn((column) -> column.get("col").equals(lookupId))
					.anySatisfy((column) -> assertThat(column.get("bloom")).isEqualTo(true))
					.allSatisfy((column) -> assertThat(List.of(column.get("bloom"), column.get("dictionary_only")))
						.contains(true));
				assertThat(columns).as(dataset)
					.filteredOn((column) -> column.get("bloom").equals(true))
					.allSatisfy((column) -> assertThat(column.get("col")).isEqualTo(lookupId));
			});
		assertThat(ArchiveReader.query(archive, "SELECT id, external_id, team_id, item_type, title, description,"
				+ " story_points, current_stage, status, epoch_us(created_at) AS created_at,"
				+ " epoch_us(updated_at) AS updated_at, epoch_us(completed_at) AS completed_at,"
				+ " labels::VARCHAR AS labels, metadata::VARCHAR AS metadata"
				+ " FROM {flow_items} ORDER BY id")).isEqualTo(items);
		assertThat(ArchiveReader.query(archive, "SELECT t.id, t.flow_item_id, t.from_stage, t.to_stage,"
				+ " epoch_us(t.transitioned_at) AS transitioned_at, t.duration_seconds, t.triggered_by, t.event_type,"
				+ " t.event_payload::VARCHAR AS event_payload FROM {stage_transitions} t JOIN {flow_items} f ON f.id = t.flow_item_id"
				+ " ORDER BY t.id")).isEqualTo(transitions);
		assertThat(ArchiveReader.query(archive, "SELECT m.id, m.flow_item_id, m.stage,"
				+ " epoch_us(m.started_at) AS started_at, epoch_us(m.ended_at) AS ended_at, m.active_time_seconds,"
				+ " m.wait_time_seconds, m.flow_efficiency_percent,"
				+ " m.blockers::VARCHAR AS blockers, m.metadata::VARCHAR AS metadata"
				+ " FROM {stage_metrics} m JOIN {flow_items} f ON f.id = m.flow_item_id ORDER BY m.id"))
			.isEqualTo(metrics);
		// JSONB columns are Parquet JSON, which DuckDB reads as its JSON type.
		assertThat(ArchiveReader.query(archive, "SELECT typeof(labels) AS labels, typeof(metadata) AS metadata"
				+ " FROM {flow_items} UNION SELECT typeof(event_payload), typeof(event_payload) FROM {stage_transitions}"
				+ " UNION SELECT typeof(blockers), typeof(metadata) FROM {stage_metrics}"))
			.containsExactly(Map.of("labels", "JSON", "metadata", "JSON"));
		// The hive path decodes back to the team, odd characters included.
		assertThat(ArchiveReader.query(archive, "SELECT count(*) AS wrong FROM {flow_items}"
				+ " WHERE url_decode(regexp_extract(filename, 'team_id=([^/]+)', 1)) <> team_id"))
			.containsExactly(Map.of("wrong", 0L));
		Map<String, Long> after = counts();
		assertThat(after.get("flow_items") + items.size()).isEqualTo(before.get("flow_items"));
		assertThat(after.get("stage_transitions") + transitions.size()).isEqualTo(before.get("stage_transitions"));
		assertThat(after.get("stage_metrics") + metrics.size()).isEqualTo(before.get("stage_metrics"));
		assertThat(jdbc.sql("SELECT dataset, sum(row_count) FROM archive_manifest GROUP BY 1 ORDER BY 1")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
			.list()).containsExactly("flow_items=3", "stage_metrics=3", "stage_transitions=4");
	}

	@Test
	void childrenInPostgresThatDifferFromTheVerifiedObjectRollBackTheWholePartitionAndARestartCompletes() {
		String skipped = "gone-91";
		// A row the DELETE does not remove, as a concurrent writer or a broken lock would leave: the ids deleted then
		// differ from the ids read back from the verified object.
		jdbc.sql("""
				CREATE FUNCTION keep_one_transition() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF OLD.to_stage = 'development' THEN RETURN NULL; END IF;
				    RETURN OLD;
				END $$""").update();
		jdbc.sql("CREATE TRIGGER keep_one_transition BEFORE DELETE ON stage_transitions FOR EACH ROW"
				+ " EXECUTE FUNCTION keep_one_transition()").update();
		Map<String, Long> before = counts();
		CliRun failed;
		try {
			// A cutoff of its own (the same items are eligible), so that this job instance is not another test's.
			failed = CliRun.of("run", "flow-item-retention", "before=" + LocalDate.now(ZoneOffset.UTC).minusDays(89));
		}
		finally {
			jdbc.sql("DROP FUNCTION keep_one_transition() CASCADE").update();
		}

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		CliRun status = CliRun.of("status", String.valueOf(failed.executionId()));
		assertThat(status.out()).contains("stage_transitions rows of stage_transitions/team_id=")
			.contains("changed in PostgreSQL after they were exported (0 updated, 1 deleted, 0 not in the object); the"
					+ " partition was rolled back and nothing of it was deleted");
		// Nothing of the failed partition left PostgreSQL or reached the manifest.
		assertThat(jdbc.sql("SELECT count(*) FROM flow_items f JOIN stage_transitions t ON t.flow_item_id = f.id"
				+ " WHERE f.external_id = ?").param(skipped).query(Long.class).single()).isEqualTo(3);
		assertThat(jdbc.sql("SELECT count(*) FROM stage_metrics m JOIN flow_items f ON f.id = m.flow_item_id"
				+ " WHERE f.external_id = ?").param(skipped).query(Long.class).single()).isEqualTo(2);
		assertThat(jdbc.sql("SELECT count(*) FROM archive_manifest WHERE dataset = 'stage_transitions'")
			.query(Long.class)
			.single()).isLessThan(2);

		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(jdbc.sql("SELECT external_id FROM flow_items ORDER BY 1").query(String.class).list())
			.containsExactly("stays-89", "stays-canceled", "stays-open-400");
		Map<String, Long> after = counts();
		assertThat(before.get("stage_transitions") - after.get("stage_transitions")).isEqualTo(4);
		// Each row archived once: the manifest and the objects hold every deleted row exactly once.
		assertThat(jdbc.sql("SELECT dataset, sum(row_count) FROM archive_manifest GROUP BY 1 ORDER BY 1")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
			.list()).containsExactly("flow_items=3", "stage_metrics=2", "stage_transitions=4");
		Path archive = ArchiveReader.download(this.prefix);
		assertThat(ArchiveReader.query(archive, "SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM {stage_transitions}"))
			.containsExactly(Map.of("rows", 4L, "ids", 4L));
	}

	@Test
	void progressCountsItemsAsThePlanDoesAndReachesItsTotalExactly() throws Exception {
		this.prefix = loadFixture(PROGRESS_SHIFT);
		System.setProperty("flowbatch.progress-interval", "100ms");
		String log;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "flow-item-retention",
				"before=" + LocalDate.now(ZoneOffset.UTC).minusDays(90 + PROGRESS_SHIFT))) {
			child.awaitExecutionId();
			child.remainingStdout();
			assertThat(child.awaitExit(Duration.ofSeconds(120))).as(child.stderr()).isZero();
			log = child.stderr();
		}
		finally {
			System.clearProperty("flowbatch.progress-interval");
		}

		// Three items leave with four transitions and two metrics: the plan counts items, and so does what is done.
		List<long[]> doneOfPlanned = PROGRESS_ROWS.matcher(log)
			.results()
			.map((line) -> new long[] { Long.parseLong(line.group(1).replace(",", "")),
					Long.parseLong(line.group(2).replace(",", "")) })
			.toList();
		assertThat(doneOfPlanned).as(log)
			.isNotEmpty()
			.allSatisfy((rows) -> assertThat(rows[0]).isLessThanOrEqualTo(rows[1]));
		assertThat(doneOfPlanned.get(doneOfPlanned.size() - 1)).as(log).containsExactly(3, 3);
		assertThat(log).containsPattern("Progress: flow-item-retention execution \\d+: (\\d+)/\\1 partitions, 3/3 rows"
				+ " \\(100%\\)");
	}

	@Test
	void aDryRunReportsAndTouchesNothing() {
		Map<String, Long> before = counts();

		CliRun run = CliRun.of("run", "flow-item-retention", "before=" + LocalDate.now(ZoneOffset.UTC).minusDays(91),
				"dryRun=true");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).contains("dry run, nothing written or deleted: 2 partitions, 2 flow_items rows");
		assertThat(counts()).isEqualTo(before);
		assertThat(ArchiveReader.keys(this.prefix)).isEmpty();
	}

	@Test
	void badParametersAreRefusedAndTouchNothing() {
		Map<String, Long> before = counts();

		List<CliRun> runs = List.of(CliRun.of("run", "flow-item-retention", "olderThanDays=10"),
				CliRun.of("run", "flow-item-retention", "before=" + LocalDate.now(ZoneOffset.UTC)),
				CliRun.of("run", "flow-item-retention", "before=last-year"),
				CliRun.of("run", "flow-item-retention", "dryRun=1"));

		assertThat(runs).allSatisfy((run) -> assertThat(run.exitCode()).as(run.toString()).isEqualTo(2));
		assertThat(runs.get(0).err()).contains("parameter 'olderThanDays' must be at least 30, got '10'");
		assertThat(runs.get(1).err()).contains("parameter 'before' must be at most today-30");
		assertThat(counts()).isEqualTo(before);
	}

	static Map<String, Long> counts() {
		return Map.of("flow_items", count("flow_items"), "stage_transitions", count("stage_transitions"),
				"stage_metrics", count("stage_metrics"));
	}

	static long count(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	static void item(String key, String team, String status, LocalDateTime created, LocalDateTime completed) {
		jdbc.sql("""
				INSERT INTO flow_items (id, external_id, team_id, item_type, title, description, story_points,
				                        current_stage, status, created_at, updated_at, completed_at, labels, metadata)
				VALUES (?, ?, ?, 'feature', ?, NULL, 5, 'done', ?, ?, ?, ?, CAST(? AS JSONB), NULL)""")
			.params(id(key), key, team, "Title of " + key + " — ünïcode", status, created,
					(completed != null) ? completed : created, completed, "[\"a\", \"b\"]")
			.update();
	}

	static void transition(String key, String from, String to, LocalDateTime at, String payload) {
		jdbc.sql("""
				INSERT INTO stage_transitions (flow_item_id, from_stage, to_stage, transitioned_at, duration_seconds,
				                               triggered_by, event_type, event_payload)
				VALUES (?, ?, ?, ?, 3600, 'webhook', 'issue_updated', CAST(? AS JSONB))""")
			.params(id(key), from, to, at, payload)
			.update();
	}

	static void metric(String key, String stage, int active, int wait, String efficiency, String blockers) {
		jdbc.sql("""
				INSERT INTO stage_metrics (flow_item_id, stage, started_at, ended_at, active_time_seconds,
				                           wait_time_seconds, flow_efficiency_percent, blockers)
				VALUES (?, ?, now() AT TIME ZONE 'UTC' - INTERVAL '100 days', now() AT TIME ZONE 'UTC' - INTERVAL '95 days',
				        ?, ?, CAST(? AS DECIMAL(5, 2)), CAST(? AS JSONB))""")
			.params(id(key), stage, active, wait, efficiency, blockers)
			.update();
	}

	static UUID id(String key) {
		return UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
