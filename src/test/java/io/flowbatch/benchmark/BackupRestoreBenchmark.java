package io.flowbatch.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #6's benchmark: backup + restore-test of a generated database of about 1 GB, against the bare
 * {@code pg_dump -Fc} and {@code pg_restore -j 2} on the same database, in the same run.
 */
@Tag("benchmark")
class BackupRestoreBenchmark {

	@Test
	void backupAndRestoreTestAgainstBareCommands() throws Exception {
		BenchmarkReport report = new BenchmarkReport("backup-restore");
		TestPostgres postgres = TestPostgres.get();
		TestS3.get();
		postgres.createDatabase("bench_backup");
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl("bench_backup"));
		System.setProperty("flowbatch.s3.prefix", "bench-backup-" + System.currentTimeMillis());
		try {
			JdbcClient jdbc = JdbcClient.create(postgres.dataSource("bench_backup"));
			assertThat(CliRun.of("generate", "--teams", "8", "--flow-items", "100000", "--webhooks", "700000", "--days",
					"120").exitCode()).isZero();
			jdbc.sql("VACUUM ANALYZE").update();
			String size = jdbc.sql("SELECT pg_size_pretty(pg_database_size(current_database()))").query(String.class).single();

			Path bare = Files.createTempFile("bench", ".dump");
			String url = postgres.jdbcUrl("bench_backup").replace("jdbc:postgresql://", "");
			String host = url.substring(0, url.indexOf(':'));
			String port = url.substring(url.indexOf(':') + 1, url.indexOf('/'));
			long started = System.nanoTime();
			run("pg_dump", "-Fc", "-h", host, "-p", port, "-U", postgres.username(), "-d", "bench_backup", "-f",
					bare.toString());
			double bareDump = BenchmarkReport.seconds(System.nanoTime() - started);
			postgres.createDatabase("bench_backup_bare_restore");
			started = System.nanoTime();
			run("pg_restore", "-j", "2", "--no-owner", "--exit-on-error", "-h", host, "-p", port, "-U",
					postgres.username(), "-d", "bench_backup_bare_restore", bare.toString());
			double bareRestore = BenchmarkReport.seconds(System.nanoTime() - started);
			Files.delete(bare);

			CliRun backup = CliRun.of("run", "backup");
			assertThat(backup.exitCode()).as(backup.toString()).isZero();
			CliRun restore = CliRun.of("run", "restore-test");
			assertThat(restore.exitCode()).as(restore.toString()).isZero();
			double backupSeconds = executionSeconds(jdbc, backup.executionId());
			double restoreSeconds = executionSeconds(jdbc, restore.executionId());
			Map<String, Object> result = jdbc.sql("SELECT * FROM restore_test_results WHERE job_execution_id = ?")
				.param(restore.executionId())
				.query()
				.singleRow();

			report.line("database " + size + " (generate --flow-items 100000 --webhooks 700000)");
			report.line(String.format("bare: pg_dump -Fc %.1f s + pg_restore -j 2 %.1f s = %.1f s", bareDump,
					bareRestore, bareDump + bareRestore));
			report.line(String.format("flowbatch: backup %.1f s + restore-test %.1f s = %.1f s (restore-test phases:"
					+ " download %.1f s, restore %.1f s, validate %.1f s; RTO %.1f s)", backupSeconds, restoreSeconds,
					backupSeconds + restoreSeconds, result.get("download_seconds"), result.get("restore_seconds"),
					result.get("validate_seconds"), result.get("rto_seconds")));
			double validation = (Double) result.get("validate_seconds");
			report.line(String.format("ratio flowbatch / (bare + validation) = %.2f (target <= 1.1)",
					(backupSeconds + restoreSeconds) / (bareDump + bareRestore + validation)));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(1, TimeUnit.HOURS) && process.exitValue() == 0).as(output).isTrue();
	}

	private static double executionSeconds(JdbcClient jdbc, long executionId) {
		return jdbc.sql("SELECT extract(EPOCH FROM end_time - start_time) FROM batch_job_execution"
				+ " WHERE job_execution_id = ?").param(executionId).query(Double.class).single();
	}

}
