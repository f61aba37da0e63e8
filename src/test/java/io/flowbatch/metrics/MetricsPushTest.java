package io.flowbatch.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestPushgateway;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What a run pushes to a real Prometheus Pushgateway: per job (group {@code job=flowbatch, job_name=JOB}) its exit
 * code and last success, Spring Batch's metrics and the domain metrics the alert rules read. Runs on a database of its
 * own, so that the generated workload meets no other test's rows.
 */
class MetricsPushTest {

	private static final String DATABASE = "flowbatch_metrics";

	private static TestPushgateway pushgateway;

	private static String sharedDatabaseUrl;

	@BeforeAll
	static void startServers() throws Exception {
		TestServers.startDatabaseAndS3();
		pushgateway = TestPushgateway.start();
		TestPostgres.get().createDatabase(DATABASE);
		sharedDatabaseUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", TestPostgres.get().jdbcUrl(DATABASE));
		System.setProperty("flowbatch.pushgateway.url", pushgateway.url().toString());
		System.setProperty("flowbatch.s3.prefix", "metrics-" + UUID.randomUUID());
	}

	@AfterAll
	static void restore() throws Exception {
		System.setProperty("spring.datasource.url", sharedDatabaseUrl);
		System.clearProperty("flowbatch.pushgateway.url");
		System.clearProperty("flowbatch.s3.prefix");
		TestS3.get().faults().reset();
		pushgateway.close();
	}

	@Test
	void everyRunPushesItsOutcomeSpringBatchMetricsAndTheDomainMetricsTheAlertsRead() throws Exception {
		assertThat(CliRun.of("generate", "--teams", "2", "--flow-items", "300", "--webhooks", "1500", "--days", "60")
			.exitCode()).isZero();
		for (String[] run : new String[][] { { "daily-metrics", "lookbackDays=10" }, { "webhook-archive" },
				{ "backup" }, { "restore-test" }, { "archive-verify" } }) {
			CliRun result = CliRun.of(concat("run", run));
			assertThat(result.exitCode()).as(result.toString()).isZero();
		}
		JdbcClient database = JdbcClient.create(TestPostgres.get().dataSource(DATABASE));

		for (String job : new String[] { "daily-metrics", "webhook-archive", "backup", "restore-test" }) {
			assertThat(value("flowbatch_job_last_exit_code", job)).isZero();
			assertThat(value("flowbatch_job_last_success_timestamp_seconds", job))
				.isCloseTo(Instant.now().getEpochSecond(), within(120.0));
			assertThat(pushgateway.value("spring_batch_job_seconds_count",
					Map.of("job_name", job, "spring_batch_job_status", "COMPLETED")))
				.hasValue(1.0);
		}
		assertThat(value("flowbatch_daily_metrics_rows_upserted_total", "daily-metrics")).isEqualTo(
				database.sql("SELECT count(*) FROM team_daily_metrics").query(Long.class).single().doubleValue());
		// Each team's load on the run's day, for the WIP-limit and flow-time alerts.
		List<Map<String, Object>> teams = database
			.sql("SELECT team_id, wip_end_of_day, wip_limit FROM team_daily_metrics"
					+ " WHERE item_type = 'all' AND metric_date = CURRENT_DATE - 1")
			.query()
			.listOfRows();
		assertThat(teams).isNotEmpty();
		for (Map<String, Object> team : teams) {
			Map<String, String> labels = Map.of("job_name", "daily-metrics", "team_id", (String) team.get("team_id"));
			assertThat(pushgateway.value("flowbatch_team_wip", labels))
				.hasValue(((Number) team.get("wip_end_of_day")).doubleValue());
			assertThat(pushgateway.value("flowbatch_team_wip_limit", labels))
				.hasValue(((Number) team.get("wip_limit")).doubleValue());
		}
		Map<String, Object> archived = database
			.sql("SELECT count(*) AS objects, sum(row_count) AS rows, sum(byte_size) AS bytes, sum(rows_deleted) AS deleted"
					+ " FROM archive_manifest WHERE dataset = 'webhook_events'")
			.query()
			.singleRow();
		Map<String, String> webhookEvents = Map.of("job_name", "webhook-archive", "dataset", "webhook_events");
		assertThat(pushgateway.value("flowbatch_archive_objects_total", webhookEvents))
			.hasValue(((Number) archived.get("objects")).doubleValue());
		assertThat(pushgateway.value("flowbatch_archive_rows_total", webhookEvents))
			.hasValue(((Number) archived.get("rows")).doubleValue());
		assertThat(pushgateway.value("flowbatch_archive_bytes_total", webhookEvents))
			.hasValue(((Number) archived.get("bytes")).doubleValue());
		assertThat(pushgateway.value("flowbatch_archive_deleted_rows_total", webhookEvents))
			.hasValue(((Number) archived.get("deleted")).doubleValue());
		assertThat(((Number) archived.get("rows")).longValue()).isPositive();
		assertThat(pushgateway.value("flowbatch_archive_backlog_rows", webhookEvents)).hasValue(0.0);
		assertThat(value("flowbatch_backup_size_bytes", "backup")).isPositive();
		assertThat(value("flowbatch_backup_newest_start_timestamp_seconds", "backup"))
			.isCloseTo(Instant.now().getEpochSecond(), within(120.0));
		Map<String, Object> restore = database.sql("SELECT * FROM restore_test_results").query().singleRow();
		assertThat(value("flowbatch_restore_test_passed", "restore-test")).isEqualTo(1.0);
		assertThat(value("flowbatch_restore_test_rto_seconds", "restore-test"))
			.isCloseTo(((Number) restore.get("rto_seconds")).doubleValue(), within(1e-6));
		assertThat(value("flowbatch_restore_test_rto_target_seconds", "restore-test")).isEqualTo(3600.0);
		for (String phase : new String[] { "download", "restore", "validate" }) {
			assertThat(pushgateway.value("flowbatch_restore_test_phase_seconds",
					Map.of("job_name", "restore-test", "phase", phase)))
				.hasValue(((Number) restore.get(phase + "_seconds")).doubleValue());
		}

		assertTheDashboardQueriesOnlyWhatRunsPushed();

		// A failed run replaces its job's group: exit code 1, the backlog it left, and still the last success.
		double lastSuccess = value("flowbatch_job_last_success_timestamp_seconds", "webhook-archive");
		TestS3.get().faults().failWritesAfter(0);
		CliRun failed = CliRun.of("run", "webhook-archive", "olderThanDays=7");
		TestS3.get().faults().reset();
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(value("flowbatch_job_last_exit_code", "webhook-archive")).isEqualTo(1.0);
		assertThat(value("flowbatch_job_last_success_timestamp_seconds", "webhook-archive")).isEqualTo(lastSuccess);
		assertThat(pushgateway.value("flowbatch_archive_backlog_rows", webhookEvents)).hasValue(database
			.sql("SELECT count(*) FROM webhook_events WHERE received_at < :cutoff AND processing_status = 'processed'")
			.param("cutoff", Timestamp.valueOf(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(7).atStartOfDay()))
			.query(Long.class)
			.single()
			.doubleValue());
		assertThat(pushgateway.value("spring_batch_job_seconds_count",
				Map.of("job_name", "webhook-archive", "spring_batch_job_status", "FAILED")))
			.hasValue(1.0);
	}

	@Test
	void anUnreachablePushgatewayDoesNotChangeTheOutcomeOfARun() {
		System.setProperty("flowbatch.pushgateway.url", "http://127.0.0.1:9");
		try {
			CliRun run = CliRun.of("run", "daily-metrics", "rerun=7");
			assertThat(run.exitCode()).as(run.toString()).isZero();
		}
		finally {
			System.setProperty("flowbatch.pushgateway.url", pushgateway.url().toString());
		}
	}

	/**
	 * k8s-cronjobs/grafana-dashboard.json parses, every metric a panel or variable queries is one the runs above
	 * pushed, and promtool accepts every panel's query (as a recording rule, the variables replaced by ".*").
	 */
	private static void assertTheDashboardQueriesOnlyWhatRunsPushed() throws Exception {
		Path base = Path.of("k8s-cronjobs");
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(base.resolve("grafana-dashboard.json")));
		Set<String> pushed = pushgateway.metrics()
			.stream()
			.map((line) -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toSet());
		List<String> queries = new ArrayList<>();
		dashboard.get("panels").forEach((panel) -> panel.get("targets")
			.forEach((target) -> queries.add(target.get("expr").asString())));
		dashboard.get("templating").get("list").forEach((variable) -> {
			if (variable.get("type").asString().equals("query")) {
				queries.add(variable.get("query").asString());
			}
		});
		Pattern metric = Pattern.compile("\\b(?:flowbatch|spring_batch)_[a-z0-9_]+");
		for (String query : queries) {
			Matcher names = metric.matcher(query);
			assertThat(names.find()).as("a flowbatch metric in %s", query).isTrue();
			do {
				assertThat(pushed).as("pushed metrics, for %s", query).contains(names.group());
			}
			while (names.find());
		}
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		dashboard.get("panels").forEach((panel) -> panel.get("targets").forEach((target) -> rules
			.append("      - record: dashboard:panel")
			.append(panel.get("id").asInt())
			.append('_')
			.append(target.get("refId").asString())
			.append("\n        expr: '")
			.append(target.get("expr").asString().replace("$job", ".*").replace("$team", ".*").replace("'", "''"))
			.append("'\n")));
		Path rulesFile = Files.createTempFile("flowbatch-dashboard", ".yaml");
		try {
			Files.writeString(rulesFile, rules);
			Tools.Result check = Tools.run(rulesFile.getParent(), "promtool", "prometheus", "check", "rules",
					rulesFile.getFileName().toString());
			assertThat(check.exitCode()).as(check.output()).isZero();
		}
		finally {
			Files.deleteIfExists(rulesFile);
		}
	}

	private static double value(String metric, String job) throws Exception {
		return pushgateway.value(metric, Map.of("job_name", job))
			.orElseThrow(() -> new AssertionError(metric + " of " + job + " was not pushed"));
	}

	private static String[] concat(String first, String[] rest) {
		String[] all = new String[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

}
