package io.flowbatch.benchmark;

import java.io.OutputStream;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #5's benchmark: flow-item-retention end to end (child JVM, {@code -Xmx256m}, S3 over HTTP) on generated flow
 * items over 400 days, against COPY TO STDOUT of the same rows of the three tables.
 * {@code -Dflowbatch.benchmark.items=1000000} by default.
 */
@Tag("benchmark")
class FlowItemRetentionBenchmark {

	private static final String ELIGIBLE = "SELECT id FROM flow_items WHERE status = 'completed' AND completed_at < '%s'";

	@Test
	void retentionAgainstCopyOut() throws Exception {
		long items = Long.getLong("flowbatch.benchmark.items", 1_000_000L);
		BenchmarkReport report = new BenchmarkReport("flow-item-retention");
		TestPostgres postgres = TestPostgres.get();
		TestS3.get();
		postgres.createDatabase("bench_retention");
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl("bench_retention"));
		System.setProperty("flowbatch.s3.prefix", "bench-retention-" + System.currentTimeMillis());
		try {
			JdbcClient jdbc = JdbcClient.create(postgres.dataSource("bench_retention"));
			long started = System.nanoTime();
			CliRun generated = CliRun.of("generate", "--teams", "8", "--flow-items", String.valueOf(items),
					"--webhooks", "0", "--days", "400");
			assertThat(generated.exitCode()).as(generated.toString()).isZero();
			report.line(String.format("generated %,d flow items over 400 days in %.1f s", items,
					BenchmarkReport.seconds(System.nanoTime() - started)));
			jdbc.sql("VACUUM ANALYZE").update();
			LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(90);
			String eligible = ELIGIBLE.formatted(before);
			long itemRows = jdbc.sql("SELECT count(*) FROM (" + eligible + ") e").query(Long.class).single();
			long transitionRows = jdbc.sql("SELECT count(*) FROM stage_transitions WHERE flow_item_id IN (" + eligible + ")")
				.query(Long.class)
				.single();
			long metricRows = jdbc.sql("SELECT count(*) FROM stage_metrics WHERE flow_item_id IN (" + eligible + ")")
				.query(Long.class)
				.single();
			long rows = itemRows + transitionRows + metricRows;

			long copyStarted = System.nanoTime();
			try (Connection connection = postgres.dataSource("bench_retention").getConnection()) {
				var copy = connection.unwrap(PGConnection.class).getCopyAPI();
				copy.copyOut("COPY (SELECT * FROM flow_items WHERE id IN (" + eligible + ")) TO STDOUT",
						OutputStream.nullOutputStream());
				copy.copyOut("COPY (SELECT * FROM stage_transitions WHERE flow_item_id IN (" + eligible + ")) TO STDOUT",
						OutputStream.nullOutputStream());
				copy.copyOut("COPY (SELECT * FROM stage_metrics WHERE flow_item_id IN (" + eligible + ")) TO STDOUT",
						OutputStream.nullOutputStream());
			}
			double copySeconds = BenchmarkReport.seconds(System.nanoTime() - copyStarted);
			report.line(String.format("COPY TO STDOUT of the same rows (%,d items, %,d transitions, %,d metrics): %.2f s"
					+ " = %,.0f rows/s", itemRows, transitionRows, metricRows, copySeconds, rows / copySeconds));

			// The deletes the job cannot avoid, alone: children as sets, then the items with their foreign-key
			// cascade checks; rolled back, then vacuumed, so the job finds the same rows and clean pages.
			double deleteSeconds = RolledBackStatements.seconds(postgres.dataSource("bench_retention"),
					"DELETE FROM stage_transitions WHERE flow_item_id IN (" + eligible + ")",
					"DELETE FROM stage_metrics WHERE flow_item_id IN (" + eligible + ")",
					"DELETE FROM flow_items WHERE id IN (" + eligible + ")");
			report.line(String.format("DELETE of the same rows alone, three set-based statements in one transaction"
					+ " (rolled back): %.2f s = %.2f x COPY", deleteSeconds, deleteSeconds / copySeconds));
			jdbc.sql("VACUUM flow_items, stage_transitions, stage_metrics").update();

			long executionId;
			long jobStarted = System.nanoTime();
			try (ChildFlowbatch child = ChildFlowbatch.start("run", "flow-item-retention", "before=" + before)) {
				executionId = child.awaitExecutionId();
				int exit = child.awaitExit(Duration.ofHours(1));
				java.nio.file.Files.writeString(java.nio.file.Path.of("target", "benchmarks", "flow-item-retention-job.log"),
						child.stderr());
				assertThat(exit).as(child.stderr()).isZero();
			}
			double processSeconds = BenchmarkReport.seconds(System.nanoTime() - jobStarted);
			double executionSeconds = jdbc.sql("SELECT extract(EPOCH FROM end_time - start_time) FROM batch_job_execution"
					+ " WHERE job_execution_id = ?").param(executionId).query(Double.class).single();
			assertThat(jdbc.sql("SELECT count(*) FROM (" + eligible + ") e").query(Long.class).single()).isZero();
			assertThat(jdbc.sql("SELECT sum(row_count) FROM archive_manifest").query(Long.class).single()).isEqualTo(rows);
			report.line(String.format("flow-item-retention, -Xmx256m: process %.2f s, job execution %.2f s (%,.0f rows/s)",
					processSeconds, executionSeconds, rows / executionSeconds));
			report.line(String.format("ratio job/COPY rate = %.2f (target >= 0.50)",
					(rows / executionSeconds) / (rows / copySeconds)));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
		}
	}

}
