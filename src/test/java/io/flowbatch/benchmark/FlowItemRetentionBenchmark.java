package io.flowbatch.benchmark;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Issues #5 and #17's benchmark: flow-item-retention end to end (child JVM, {@code -Xmx256m}, S3 over HTTP) on
 * generated flow items over 400 days, against what a DBA scripts instead ({@link ScriptedPipeline}: three
 * {@code psql \\copy}, DuckDB, the three deletes), alternating on fresh copies of the same rows
 * ({@link AlternatingRounds}); COPY TO STDOUT of the same rows is reported once for comparison.
 * {@code -Dflowbatch.benchmark.items=1000000} by default.
 */
@Tag("benchmark")
class FlowItemRetentionBenchmark {

	private static final String ELIGIBLE = "SELECT id FROM flow_items WHERE status = 'completed' AND completed_at < '%s'";

	@Test
	void retentionAgainstScriptedPipeline() throws Exception {
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

			report.line(JobJvmCache.prepare(postgres,
					new String[] { "generate", "--teams", "8", "--flow-items", "20000", "--webhooks", "0", "--days", "400" },
					"run", "flow-item-retention", "before=" + before));
			AlternatingRounds rounds = new AlternatingRounds(report, postgres, "bench_retention");
			rounds.keepGenerated();
			ScriptedPipeline pipeline = new ScriptedPipeline(postgres, "bench_retention",
					Path.of("target", "benchmarks", "flow-item-retention-pipeline"));
			Map<String, String> exports = new LinkedHashMap<>();
			exports.put("flow_items", "SELECT * FROM flow_items WHERE id IN (" + eligible + ")");
			exports.put("stage_transitions", "SELECT * FROM stage_transitions WHERE flow_item_id IN (" + eligible + ")");
			exports.put("stage_metrics", "SELECT * FROM stage_metrics WHERE flow_item_id IN (" + eligible + ")");
			// Children as sets, then the items with their foreign-key cascade checks, in one transaction.
			List<String> deletes = List.of("DELETE FROM stage_transitions WHERE flow_item_id IN (" + eligible + ")",
					"DELETE FROM stage_metrics WHERE flow_item_id IN (" + eligible + ")",
					"DELETE FROM flow_items WHERE id IN (" + eligible + ")");
			rounds.run(Integer.getInteger("flowbatch.benchmark.rounds", 3),
					"pipeline (3 psql \\copy, DuckDB, 3 DELETEs)",
					(round) -> pipeline.run(exports, Map.of("flow_items", itemRows, "stage_transitions", transitionRows,
							"stage_metrics", metricRows), deletes),
					"flowbatch run flow-item-retention (process, -Xmx256m)",
					(round) -> job(jdbc, before, eligible, rows, round));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
		}
	}

	/** The job as a process, JVM start included; checks that it archived every row and left none. */
	private static String job(JdbcClient jdbc, LocalDate before, String eligible, long rows, int round)
			throws Exception {
		System.setProperty("flowbatch.s3.prefix", "bench-retention-" + System.currentTimeMillis() + "-" + round);
		long executionId;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "flow-item-retention", "before=" + before)) {
			executionId = child.awaitExecutionId();
			int exit = child.awaitExit(Duration.ofHours(1));
			Files.writeString(Path.of("target", "benchmarks", "flow-item-retention-job.log"), child.stderr());
			assertThat(exit).as(child.stderr()).isZero();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM (" + eligible + ") e").query(Long.class).single()).isZero();
		assertThat(jdbc.sql("SELECT sum(row_count) FROM archive_manifest").query(Long.class).single()).isEqualTo(rows);
		double executionSeconds = jdbc.sql("SELECT extract(EPOCH FROM end_time - start_time) FROM batch_job_execution"
				+ " WHERE job_execution_id = ?").param(executionId).query(Double.class).single();
		return String.format("job execution %.2f s", executionSeconds);
	}

}
