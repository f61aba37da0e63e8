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
 * Issue #4's benchmark: webhook-archive end to end (child JVM, {@code -Xmx256m}, real S3 server over HTTP) on
 * generated events, against {@code COPY (SELECT * FROM webhook_events WHERE <same rows>) TO STDOUT}, the physical
 * read limit. {@code -Dflowbatch.benchmark.events=5000000} for the larger run.
 */
@Tag("benchmark")
class WebhookArchiveBenchmark {

	@Test
	void archiveAgainstCopyOut() throws Exception {
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
			CliRun generated = CliRun.of("generate", "--teams", "1", "--flow-items", "0", "--webhooks",
					String.valueOf(events), "--days", "120");
			assertThat(generated.exitCode()).as(generated.toString()).isZero();
			report.line(String.format("generated %,d events in %.1f s", events,
					BenchmarkReport.seconds(System.nanoTime() - started)));
			jdbc.sql("VACUUM ANALYZE webhook_events").update();
			LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(7);
			long rows = jdbc.sql("SELECT count(*) FROM webhook_events WHERE received_at < ?")
				.param(before.atStartOfDay())
				.query(Long.class)
				.single();
			long payloadBytes = jdbc.sql("SELECT sum(octet_length(payload::TEXT)) FROM webhook_events WHERE received_at < ?")
				.param(before.atStartOfDay())
				.query(Long.class)
				.single();

			double copySeconds = copyOut(postgres, before);
			report.line(String.format("COPY TO STDOUT of the same %,d rows (%,d payload bytes): %.2f s = %,.0f rows/s",
					rows, payloadBytes, copySeconds, rows / copySeconds));

			// The delete the job cannot avoid, alone; rolled back, then vacuumed, so the job finds the same rows and
			// clean pages.
			double deleteSeconds = RolledBackStatements.seconds(postgres.dataSource("bench_webhook_archive"),
					"DELETE FROM webhook_events WHERE received_at < '" + before + "'");
			report.line(String.format("DELETE of the same rows alone, one statement (rolled back): %.2f s = %.2f x COPY",
					deleteSeconds, deleteSeconds / copySeconds));
			jdbc.sql("VACUUM webhook_events").update();

			long jobStarted = System.nanoTime();
			long executionId;
			try (ChildFlowbatch child = ChildFlowbatch.start("run", "webhook-archive", "before=" + before,
					// Every row the COPY baseline reads, failed events included.
					"includeUnprocessed=true")) {
				executionId = child.awaitExecutionId();
				int exit = child.awaitExit(Duration.ofHours(1));
				java.nio.file.Files.writeString(java.nio.file.Path.of("target", "benchmarks", "webhook-archive-job.log"),
						child.stderr());
				assertThat(exit).as(child.stderr()).isZero();
			}
			double jobSeconds = BenchmarkReport.seconds(System.nanoTime() - jobStarted);
			double executionSeconds = jdbc.sql("SELECT extract(EPOCH FROM end_time - start_time) FROM batch_job_execution"
					+ " WHERE job_execution_id = ?").param(executionId).query(Double.class).single();
			assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE received_at < ?")
				.param(before.atStartOfDay())
				.query(Long.class)
				.single()).isZero();
			long archived = jdbc.sql("SELECT sum(row_count) FROM archive_manifest").query(Long.class).single();
			assertThat(archived).isEqualTo(rows);
			report.line(String.format("webhook-archive, -Xmx256m: process %.2f s (%,.0f rows/s), job execution %.2f s"
					+ " (%,.0f rows/s)", jobSeconds, rows / jobSeconds, executionSeconds, rows / executionSeconds));
			report.line(String.format("ratio job/COPY rate = %.2f (target >= 0.50); job rate target >= 150,000 rows/s",
					(rows / executionSeconds) / (rows / copySeconds)));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
		}
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
