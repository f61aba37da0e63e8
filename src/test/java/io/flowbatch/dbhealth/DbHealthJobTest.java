package io.flowbatch.dbhealth;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.Csv;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** db-health against the real PostgreSQL: its size history, a projection on a hand-made history, planted problems. */
class DbHealthJobTest {

	private static final AtomicInteger RERUN = new AtomicInteger();

	private static final long MIB = 1024 * 1024;

	private static JdbcClient jdbc;

	@BeforeAll
	static void startDatabase() {
		TestServers.startDatabase();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void emptyHistory() {
		jdbc.sql("TRUNCATE db_health_sizes, db_health_findings").update();
	}

	@AfterEach
	void clearSettings() {
		System.clearProperty("flowbatch.db-health.disk-capacity");
		System.clearProperty("flowbatch.db-health.idle-in-transaction");
		System.clearProperty("flowbatch.db-health.long-running");
		System.clearProperty("flowbatch.db-health.large-table-rows");
		jdbc.sql("DROP TABLE IF EXISTS db_health_probe").update();
	}

	@Test
	void theSizeTablesGrowOneRowPerTableAndIndexPerDayAndARerunReplacesTheDay() {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		for (int daysAgo = 2; daysAgo >= 0; daysAgo--) {
			assertThat(run("date=" + today.minusDays(daysAgo)).exitCode()).isZero();
		}
		assertThat(run("date=" + today).exitCode()).isZero();

		long tables = jdbc.sql("SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = current_schema()")
			.query(Long.class)
			.single();
		long indexes = jdbc.sql("SELECT count(*) FROM pg_stat_user_indexes WHERE schemaname = current_schema()")
			.query(Long.class)
			.single();
		assertThat(jdbc.sql("""
				SELECT snapshot_date, count(*) FILTER (WHERE relation_kind = 'table') AS tables,
				       count(*) FILTER (WHERE relation_kind = 'index') AS indexes,
				       count(*) FILTER (WHERE relation_kind = 'database') AS databases
				  FROM db_health_sizes GROUP BY snapshot_date ORDER BY snapshot_date""")
			.query((rs, n) -> List.of(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
			.list()).containsExactly(List.of(today.minusDays(2), tables, indexes, 1L),
					List.of(today.minusDays(1), tables, indexes, 1L), List.of(today, tables, indexes, 1L));
		assertThat(jdbc.sql("SELECT bytes FROM db_health_sizes WHERE relation_name = 'flow_items' AND snapshot_date = ?")
			.param(today)
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void theDiskProjectionFollowsTheHandMadeHistory() {
		long capacity = 10_240 * MIB;
		System.setProperty("flowbatch.db-health.disk-capacity", capacity + "B");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		long weekAgo = jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).single() - 70 * MIB;
		history(today.minusDays(10), 1);
		history(today.minusDays(7), weekAgo);
		history(today.minusDays(3), weekAgo + 50 * MIB);

		CliRun run = run();

		assertThat(run.exitCode()).as(run.toString()).isZero();
		long now = jdbc.sql("SELECT bytes FROM db_health_sizes WHERE relation_kind = 'database' AND snapshot_date = ?")
			.param(today)
			.query(Long.class)
			.single();
		double perDay = (now - weekAgo) / 7.0;
		assertThat(finding("growth", "growth-per-week")).isCloseTo(perDay * 7, within(1e-3))
			.isCloseTo(70.0 * MIB, within(5.0 * MIB));
		assertThat(finding("growth", "disk-full-in-days")).isCloseTo((capacity - now) / perDay, within(1e-6))
			.isBetween(900.0, 1100.0);
		assertThat(CliRun.of("status", String.valueOf(run.executionId())).out()).contains("disk full in ");
	}

	@Test
	void noProjectionWithoutACapacityNorWithoutAWeekOfHistory() {
		CliRun run = run();

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM db_health_findings WHERE section = 'growth'").query(Long.class).single())
			.isZero();
	}

	@Test
	void plantedProblemsAreReportedInTheirSectionsAndInTheReportInEveryFormat() throws Exception {
		System.setProperty("flowbatch.db-health.idle-in-transaction", "1s");
		System.setProperty("flowbatch.db-health.long-running", "1s");
		System.setProperty("flowbatch.db-health.large-table-rows", "1000");
		try (Connection setup = TestPostgres.get().dataSource().getConnection();
				Statement statement = setup.createStatement()) {
			// Autovacuum would remove the dead tuples before the job looks.
			statement.execute("CREATE TABLE db_health_probe (id BIGINT PRIMARY KEY, team TEXT)"
					+ " WITH (autovacuum_enabled = false)");
			statement.execute("INSERT INTO db_health_probe SELECT n, 'team-' || (n % 7) FROM generate_series(1, 5000) n");
			statement.execute("CREATE INDEX db_health_probe_team ON db_health_probe (team)");
			statement.execute("DELETE FROM db_health_probe WHERE id <= 2000");
			statement.execute("SELECT count(*) FROM db_health_probe WHERE team LIKE '%3'");
			statement.execute("SELECT pg_stat_force_next_flush()");
		}
		// The statistics reach pg_stat_user_tables when the session reports them.
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (jdbc.sql("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'db_health_probe'")
			.query(Long.class)
			.single() < 2000 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		long executionId;
		try (Connection idle = TestPostgres.get().dataSource().getConnection();
				Connection busy = TestPostgres.get().dataSource().getConnection()) {
			idle.setAutoCommit(false);
			try (Statement statement = idle.createStatement()) {
				statement.execute("SELECT 1 AS idle_probe");
			}
			CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
				try (Statement statement = busy.createStatement()) {
					statement.execute("SELECT pg_sleep(20) /* long_running_probe */");
				}
				catch (java.sql.SQLException ex) {
					// cancelled below
				}
			});
			Thread.sleep(1500);

			CliRun run = run();

			assertThat(run.exitCode()).as(run.toString()).isZero();
			executionId = run.executionId();
			jdbc.sql("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%long_running_probe%'"
					+ " AND pid <> pg_backend_pid()").query().listOfRows();
			sleeping.join();
			idle.rollback();
		}
		assertThat(finding("dead-tuples", "db_health_probe")).isCloseTo(0.4, within(0.01));
		assertThat(subjects("unused-indexes")).contains("db_health_probe_team").doesNotContain("db_health_probe_pkey");
		assertThat(subjects("seq-scans")).contains("db_health_probe");
		assertThat(details("long-running")).anyMatch((detail) -> detail.contains("long_running_probe"));
		assertThat(details("idle-in-transaction")).anyMatch((detail) -> detail.contains("idle_probe"));
		assertThat(finding("connections", "connections")).isGreaterThanOrEqualTo(2.0);
		assertThat(finding("connections", "max_connections")).isEqualTo(200.0);
		assertThat(details("slow-statements")).singleElement().asString().contains("not installed");
		assertThat(details("archiver")).singleElement().asString().contains("archive_mode off");

		CliRun table = CliRun.of("report", "db-health");
		CliRun json = CliRun.of("report", "db-health", "-o", "json");
		CliRun csv = CliRun.of("report", "db-health", "-o", "csv");
		assertThat(table.exitCode()).as(table.toString()).isZero();
		assertThat(table.out()).containsPattern("dead-tuples\\s+db_health_probe\\s+0\\.4\\d\\d\\s+2000 dead of 5000");
		assertThat(json.exitCode()).as(json.toString()).isZero();
		JsonNode findings = JsonMapper.builder().build().readTree(json.out());
		assertThat(findings.valueStream().map((finding) -> finding.get("executionId").asLong()))
			.containsOnly(executionId);
		JsonNode deadTuples = finding(findings, "dead-tuples", "db_health_probe");
		assertThat(deadTuples.get("value").isNumber()).isTrue();
		assertThat(deadTuples.get("value").asDouble()).isCloseTo(0.4, within(0.01));
		assertThat(deadTuples.get("detail").asString()).startsWith("2000 dead of 5000 tuples;");
		assertThat(OffsetDateTime.parse(deadTuples.get("recordedAt").asString()).getOffset())
			.isEqualTo(ZoneOffset.UTC);
		assertThat(finding(findings, "connections", "max_connections").get("value").asDouble()).isEqualTo(200.0);
		JsonNode unusedIndex = finding(findings, "unused-indexes", "db_health_probe_team");
		assertThat(unusedIndex.get("value").asLong()).isPositive();
		assertThat(unusedIndex.get("detail").asString()).startsWith("on db_health_probe, ");
		assertThat(csv.exitCode()).as(csv.toString()).isZero();
		assertThat(Csv.header(csv.out())).containsExactly("section", "subject", "value", "detail", "recordedAt",
				"executionId");
		List<Map<String, String>> rows = Csv.rows(csv.out());
		assertThat(rows).hasSize(findings.size());
		Map<String, String> deadTuplesRow = rows.stream()
			.filter((row) -> row.get("section").equals("dead-tuples") && row.get("subject").equals("db_health_probe"))
			.findFirst()
			.orElseThrow();
		assertThat(Double.parseDouble(deadTuplesRow.get("value"))).isEqualTo(deadTuples.get("value").asDouble());
		// the detail holds a comma: quoted in the CSV, read back whole
		assertThat(deadTuplesRow).containsEntry("detail", deadTuples.get("detail").asString())
			.containsEntry("recordedAt", deadTuples.get("recordedAt").asString())
			.containsEntry("executionId", String.valueOf(executionId));
	}

	private static JsonNode finding(JsonNode findings, String section, String subject) {
		return findings.valueStream()
			.filter((finding) -> finding.get("section").asString().equals(section)
					&& finding.get("subject").asString().equals(subject))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + section + " finding on " + subject + " in " + findings));
	}

	private static void history(LocalDate day, long bytes) {
		jdbc.sql("""
				INSERT INTO db_health_sizes (snapshot_date, relation_name, relation_kind, bytes, job_execution_id,
				                             recorded_at)
				VALUES (?, current_database(), 'database', ?, 0, now())""").params(day, bytes).update();
	}

	private static double finding(String section, String subject) {
		return jdbc.sql("SELECT value FROM db_health_findings WHERE section = ? AND subject = ?")
			.params(section, subject)
			.query(Double.class)
			.single();
	}

	private static List<String> subjects(String section) {
		return jdbc.sql("SELECT subject FROM db_health_findings WHERE section = ?").param(section).query(String.class).list();
	}

	private static List<String> details(String section) {
		return jdbc.sql("SELECT detail FROM db_health_findings WHERE section = ?").param(section).query(String.class).list();
	}

	private static CliRun run(String... parameters) {
		String[] args = new String[parameters.length + 3];
		args[0] = "run";
		args[1] = "db-health";
		args[2] = "rerun=" + RERUN.incrementAndGet();
		System.arraycopy(parameters, 0, args, 3, parameters.length);
		return CliRun.of(args);
	}

}
