package io.flowbatch.metrics;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestPushgateway;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series the database-care alert rules read (k8s-cronjobs/alert-rules.yaml), as the four jobs push them to a real
 * Pushgateway: a renamed metric would silence its alert without any other test noticing.
 */
class DatabaseCareMetricsTest {

	private static TestPushgateway pushgateway;

	@BeforeAll
	static void startServers() throws Exception {
		TestServers.startDatabase();
		pushgateway = TestPushgateway.start();
		System.setProperty("flowbatch.pushgateway.url", pushgateway.url().toString());
	}

	@AfterAll
	static void stopPushgateway() throws Exception {
		System.clearProperty("flowbatch.pushgateway.url");
		pushgateway.close();
	}

	@Test
	void eachJobPushesTheSeriesItsAlertsRead() throws Exception {
		JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, error_message,
				                            received_at)
				VALUES ('github', 'push', ?, '{}', 'failed', 'payload validation failed: missing field', ?)""")
			.params(UUID.randomUUID().toString(), LocalDateTime.now(ZoneOffset.UTC).minusHours(1))
			.update();
		String rerun = "rerun=" + (1000 + (System.nanoTime() & 0xFFFF));
		for (String[] run : new String[][] { { "data-quality" }, { "webhook-reprocess" }, { "db-health" },
				{ "db-maintenance", "level=daily" } }) {
			String[] args = new String[run.length + 2];
			args[0] = "run";
			System.arraycopy(run, 0, args, 1, run.length);
			args[args.length - 1] = rerun;
			CliRun result = CliRun.of(args);
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(pushgateway.value("flowbatch_job_last_exit_code", Map.of("job_name", run[0]))).hasValue(0.0);
		}

		assertThat(pushgateway.value("flowbatch_data_quality_findings_growth", Map.of("rule", "unknown-item-type")))
			.isPresent();
		assertThat(pushgateway.value("flowbatch_data_quality_findings", Map.of("rule", "stuck-pending-events")))
			.isPresent();
		assertThat(pushgateway.value("flowbatch_webhook_reprocess_last_run_events",
				Map.of("action", "left-failed", "classification", "permanent"))
			.orElseThrow()).isGreaterThanOrEqualTo(1.0);
		assertThat(pushgateway.value("flowbatch_db_health_connections", Map.of("job_name", "db-health")).orElseThrow())
			.isPositive();
		assertThat(pushgateway.value("flowbatch_db_health_max_connections", Map.of("job_name", "db-health")))
			.hasValue(200.0);
		assertThat(pushgateway.value("flowbatch_db_health_dead_tuple_ratio", Map.of("table", "flow_items")))
			.isPresent();
		assertThat(pushgateway.value("flowbatch_db_health_dead_tuples", Map.of("table", "flow_items"))).isPresent();
		assertThat(pushgateway.value("flowbatch_db_health_archiver_failing", Map.of("job_name", "db-health")))
			.hasValue(0.0);
		assertThat(pushgateway.value("flowbatch_db_health_disk_full_days", Map.of("job_name", "db-health")))
			.as("no projection without flowbatch.db-health.disk-capacity")
			.isEmpty();
		assertThat(pushgateway.value("flowbatch_db_maintenance_actions",
				Map.of("action", "analyze", "outcome", "skipped-locked")))
			.hasValue(0.0);
	}

}
