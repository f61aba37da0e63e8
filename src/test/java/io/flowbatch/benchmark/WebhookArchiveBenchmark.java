package io.flowbatch.benchmark;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issues #4 and #17's benchmark: webhook-archive end to end as a process (child JVM, {@code -Xmx256m}, real S3 server
 * over HTTP) on generated events, against what a DBA scripts instead ({@link ScriptedPipeline}: {@code psql \\copy}
 * of the rows older than the cutoff, DuckDB to Parquet, {@code DELETE}), alternating on fresh copies of the same rows
 * ({@link AlternatingRounds}); {@code COPY (SELECT ...) TO STDOUT}, the physical read limit, is reported once.
 * {@code -Dflowbatch.benchmark.events=5000000} for the larger run. {@code -Dflowbatch.benchmark.baseline-app=DIR}: the
 * baseline is the job again, run from another build's packaged application in DIR (the code before a change; see
 * {@link ChildFlowbatch}'s {@code flowbatch.child.app}) instead of the pipeline, for a before/after comparison.
 */
@Tag("benchmark")
class WebhookArchiveBenchmark {

	@Test
	void archiveAgainstScriptedPipeline() throws Exception {
		long events = Long.getLong("flowbatch.benchmark.events", 1_000_000L);
		BenchmarkReport report = new BenchmarkReport("webhook-archive");
		TestPostgres postgres = TestPostgres.get();
		TestS3.get();
		postgres.createDatabase("bench_webhook_archive");
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl("bench_webhook_archive"));
		System.setProperty("flowbatch.s3.prefix", "bench-" + System.currentTimeMillis());
		try {
			JdbcClient jdbc = JdbcClient.create(postgres.dataSource("bench_webhook_archive"));
			long started = System.nanoTime();
			LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(7);
			long rows = GeneratedWebhooks.generate(jdbc, events, before);
			report.line(String.format("generated %,d events in %.1f s", events,
					BenchmarkReport.seconds(System.nanoTime() - started)));
			long payloadBytes = jdbc.sql("SELECT sum(octet_length(payload::TEXT)) FROM webhook_events WHERE received_at < ?")
				.param(before.atStartOfDay())
				.query(Long.class)
				.single();

			double copySeconds = copyOut(postgres, before);
			report.line(String.format("COPY TO STDOUT of the same %,d rows (%,d payload bytes): %.2f s = %,.0f rows/s",
					rows, payloadBytes, copySeconds, rows / copySeconds));

			report.line(JobJvmCache.prepare(postgres,
					new String[] { "generate", "--teams", "1", "--flow-items", "0", "--webhooks", "50000", "--days", "120" },
					"run", "webhook-archive", "before=" + before, "includeUnprocessed=true"));
			AlternatingRounds rounds = new AlternatingRounds(report, postgres, "bench_webhook_archive");
			rounds.keepGenerated();
			String older = "SELECT * FROM webhook_events WHERE received_at < '" + before + "'";
			ScriptedPipeline pipeline = new ScriptedPipeline(postgres, "bench_webhook_archive",
					Path.of("target", "benchmarks", "webhook-archive-pipeline"));
			int roundCount = Integer.getInteger("flowbatch.benchmark.rounds", 3);
			String baselineApp = System.getProperty("flowbatch.benchmark.baseline-app", "");
			if (!baselineApp.isEmpty()) {
				String app = System.getProperty("flowbatch.child.app", "");
				rounds.run(roundCount, "flowbatch run webhook-archive, baseline build " + baselineApp,
						(round) -> withApp(baselineApp, () -> job(jdbc, before, rows, round)),
						"flowbatch run webhook-archive, this build", (round) -> withApp(app, () -> job(jdbc, before, rows, round)));
				return;
			}
			rounds.run(roundCount, "pipeline (psql \\copy, DuckDB, DELETE)",
					(round) -> pipeline.run(Map.of("webhook_events", older), Map.of("webhook_events", rows),
							List.of("DELETE FROM webhook_events WHERE received_at < '" + before + "'")),
					"flowbatch run webhook-archive (process, -Xmx256m)", (round) -> job(jdbc, before, rows, round));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
		}
	}

	/** Runs {@code side} with the job's JVM started from the packaged application in {@code app} (empty: this build). */
	private static String withApp(String app, Callable<String> side) throws Exception {
		String previous = System.getProperty("flowbatch.child.app", "");
		System.setProperty("flowbatch.child.app", app);
		try {
			return side.call();
		}
		finally {
			System.setProperty("flowbatch.child.app", previous);
		}
	}

	/** The job as a process, JVM start included; checks that it archived every row and left none. */
	private static String job(JdbcClient jdbc, LocalDate before, long rows, int round) throws Exception {
		System.setProperty("flowbatch.s3.prefix", "bench-" + System.currentTimeMillis() + "-" + round);
		long executionId;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "webhook-archive", "before=" + before,
				// Every row the pipeline reads, failed events included.
				"includeUnprocessed=true")) {
			executionId = child.awaitExecutionId();
			int exit = child.awaitExit(Duration.ofHours(1));
			Files.writeString(Path.of("target", "benchmarks", "webhook-archive-job.log"), child.stderr());
			assertThat(exit).as(child.stderr()).isZero();
		}
		GeneratedWebhooks.assertAllArchived(jdbc, before, rows);
		double executionSeconds = jdbc.sql("SELECT extract(EPOCH FROM end_time - start_time) FROM batch_job_execution"
				+ " WHERE job_execution_id = ?").param(executionId).query(Double.class).single();
		return String.format("job execution %.2f s", executionSeconds);
	}

	private static double copyOut(TestPostgres postgres, LocalDate before) throws Exception {
		try (Connection connection = postgres.dataSource("bench_webhook_archive").getConnection()) {
			long started = System.nanoTime();
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyOut("COPY (SELECT * FROM webhook_events WHERE received_at < '" + before + "') TO STDOUT",
						OutputStream.nullOutputStream());
			return BenchmarkReport.seconds(System.nanoTime() - started);
		}
	}

}
