package io.flowbatch.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.flowbatch.backup.BackupManifest.TableFingerprint;
import io.flowbatch.backup.RestoredCopyValidation;
import io.flowbatch.backup.TableFingerprints;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #6's benchmark: backup + restore-test of a generated database of about 1 GB, against the bare
 * {@code pg_dump -Fc} and {@code pg_restore -j 2} on the same database plus the same validation queries (the row
 * counts and sample hashes of the source, and restore-test's checks of the restored copy). Bare and flowbatch
 * alternate for {@code flowbatch.benchmark.rounds} rounds (3), so that both see the same machine; the best of each
 * is compared.
 */
@Tag("benchmark")
class BackupRestoreBenchmark {

	private static final int ROUNDS = Integer.getInteger("flowbatch.benchmark.rounds", 3);

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
			report.line("database " + jdbc.sql("SELECT pg_size_pretty(pg_database_size(current_database()))")
				.query(String.class)
				.single() + " (generate --teams 8 --flow-items 100000 --webhooks 700000 --days 120), " + ROUNDS
					+ " alternating rounds, load " + Files.readString(Path.of("/proc/loadavg")).strip());
			List<Bare> bares = new ArrayList<>();
			List<Flowbatch> flowbatches = new ArrayList<>();
			for (int round = 1; round <= ROUNDS; round++) {
				Bare bare = bare(postgres, jdbc);
				Flowbatch flowbatch = flowbatch(jdbc);
				bares.add(bare);
				flowbatches.add(flowbatch);
				report.line(String.format("round %d: bare %s; flowbatch %s; ratio %.2f", round, bare, flowbatch,
						flowbatch.total() / bare.total()));
			}
			Bare bestBare = bares.stream().min(Comparator.comparingDouble(Bare::total)).orElseThrow();
			Flowbatch bestFlowbatch = flowbatches.stream().min(Comparator.comparingDouble(Flowbatch::total)).orElseThrow();
			report.line(String.format("best bare: %s", bestBare));
			report.line(String.format("best flowbatch: %s", bestFlowbatch));
			report.line(String.format("ratio flowbatch / (bare + validation queries) = %.2f, best of each (target <= 1.1);"
					+ " per round %.2f-%.2f; without the source's fingerprints in the baseline %.2f",
					bestFlowbatch.total() / bestBare.total(),
					ratios(bares, flowbatches).stream().min(Double::compare).orElseThrow(),
					ratios(bares, flowbatches).stream().max(Double::compare).orElseThrow(),
					bestFlowbatch.total() / (bestBare.total() - bestBare.fingerprints())));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
		}
	}

	/** pg_dump -Fc to a file, the source's fingerprints, pg_restore -j 2 and restore-test's checks of the copy. */
	private static Bare bare(TestPostgres postgres, JdbcClient jdbc) throws Exception {
		Path dump = Files.createTempFile("bench", ".dump");
		try {
			long started = System.nanoTime();
			run(postgres.clientCommand("bench_backup", List.of("pg_dump", "-Fc", "-f", dump.toString())));
			double dumpSeconds = BenchmarkReport.seconds(System.nanoTime() - started);
			started = System.nanoTime();
			Map<String, TableFingerprint> manifest;
			try (Connection source = postgres.dataSource("bench_backup").getConnection()) {
				source.setAutoCommit(false);
				source.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
				// As the backup job: written into a manifest, read back by the validation.
				manifest = JSON.readValue(JSON.writeValueAsString(TableFingerprints.of(source)),
						new TypeReference<Map<String, TableFingerprint>>() {
						});
				source.rollback();
			}
			double fingerprintSeconds = BenchmarkReport.seconds(System.nanoTime() - started);
			postgres.createDatabase("bench_backup_bare_restore");
			started = System.nanoTime();
			run(postgres.clientCommand("bench_backup_bare_restore",
					List.of("pg_restore", "-j", "2", "--no-owner", "--exit-on-error", dump.toString())));
			double restoreSeconds = BenchmarkReport.seconds(System.nanoTime() - started);
			started = System.nanoTime();
			try (Connection copy = postgres.dataSource("bench_backup_bare_restore").getConnection()) {
				assertThat(RestoredCopyValidation.validate(copy, manifest)).isGreaterThan(5);
			}
			double validationSeconds = BenchmarkReport.seconds(System.nanoTime() - started);
			return new Bare(dumpSeconds, fingerprintSeconds, restoreSeconds, validationSeconds);
		}
		finally {
			Files.delete(dump);
			// As restore-test drops its scratch database: autovacuum of a restored copy left behind would slow
			// whatever runs next.
			jdbc.sql("DROP DATABASE IF EXISTS bench_backup_bare_restore WITH (FORCE)").update();
		}
	}

	private static Flowbatch flowbatch(JdbcClient jdbc) {
		CliRun backup = CliRun.of("run", "backup", "rerun=" + System.nanoTime());
		assertThat(backup.exitCode()).as(backup.toString()).isZero();
		CliRun restore = CliRun.of("run", "restore-test", "rerun=" + System.nanoTime());
		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		Map<String, Object> result = jdbc.sql("SELECT * FROM restore_test_results WHERE job_execution_id = ?")
			.param(restore.executionId())
			.query()
			.singleRow();
		assertThat(result).containsEntry("passed", true);
		return new Flowbatch(executionSeconds(jdbc, backup.executionId()), executionSeconds(jdbc, restore.executionId()),
				(Double) result.get("download_seconds"), (Double) result.get("restore_seconds"),
				(Double) result.get("validate_seconds"));
	}

	private static List<Double> ratios(List<Bare> bares, List<Flowbatch> flowbatches) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < bares.size(); i++) {
			ratios.add(flowbatches.get(i).total() / bares.get(i).total());
		}
		return ratios;
	}

	private static void run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(1, TimeUnit.HOURS) && process.exitValue() == 0).as(output).isTrue();
	}

	private static double executionSeconds(JdbcClient jdbc, long executionId) {
		return jdbc.sql("SELECT extract(EPOCH FROM end_time - start_time) FROM batch_job_execution"
				+ " WHERE job_execution_id = ?").param(executionId).query(Double.class).single();
	}

	private record Bare(double dump, double fingerprints, double restore, double validation) {

		double total() {
			return this.dump + this.fingerprints + this.restore + this.validation;
		}

		@Override
		public String toString() {
			return String.format("pg_dump -Fc %.1f s + fingerprints %.1f s + pg_restore -j 2 %.1f s + validation %.1f s"
					+ " = %.1f s", this.dump, this.fingerprints, this.restore, this.validation, total());
		}

	}

	private record Flowbatch(double backup, double restoreTest, double download, double restore, double validate) {

		double total() {
			return this.backup + this.restoreTest;
		}

		@Override
		public String toString() {
			return String.format("backup %.1f s + restore-test %.1f s (download %.1f s, restore %.1f s, validate %.1f s;"
					+ " RTO %.1f s) = %.1f s", this.backup, this.restoreTest, this.download, this.restore, this.validate,
					this.download + this.restore + this.validate, total());
		}

	}

}
