package io.flowbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.FileSystemUtils;

/**
 * restore-test: a backup is trusted only once it has been restored. Downloads it, restores it with
 * {@code pg_restore -j N --no-owner --exit-on-error} into a scratch database created from template0, validates the
 * copy against the manifest (row counts and sample-row hashes taken in the dump's snapshot), its sequences, indexes
 * and constraints, measures the recovery time by phase against {@code flowbatch.restore.rto-target}, and records the
 * result in {@code restore_test_results}. The scratch database is always dropped (unless {@code keep=true}); one
 * left by a killed run is dropped by the next.
 */
@Configuration(proxyBeanMethods = false)
class RestoreTestJobConfiguration {

	/** No real database is named like this: the {@code ~} needs quoting everywhere. */
	static final String SCRATCH_PREFIX = "flowbatch~restore~";

	private static final Logger logger = LoggerFactory.getLogger(RestoreTestJobConfiguration.class);

	private static final String INSERT_RESULT = SqlFiles.read("queries/restore-test/insert-result.sql");

	private static final String TRY_LOCK = SqlFiles.read("queries/restore-test/try-lock.sql");

	@Bean
	Job restoreTestJob(JobRepository jobRepository, Step restoreAndValidate, BackupStore backups) {
		return new JobBuilder("restore-test", jobRepository).validator(BackupVerifyJobConfiguration.knownBackup(backups))
			.start(restoreAndValidate)
			.build();
	}

	@Bean
	Step restoreAndValidate(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DataSource dataSource, DataSourceProperties connection, BackupStore backups, ObjectStore objectStore,
			PostgresClient postgres, @Value("${flowbatch.restore.rto-target:1h}") Duration rtoTarget,
			JobMetrics metrics) {
		return new StepBuilder("restore-and-validate", jobRepository).tasklet((contribution, context) -> {
			Map<String, Object> parameters = context.getStepContext().getJobParameters();
			long executionId = context.getStepContext().getStepExecution().getJobExecutionId();
			boolean keep = Boolean.parseBoolean(String.valueOf(parameters.get("keep")));
			String scratch = SCRATCH_PREFIX + executionId;
			RestoreTestResult result = new RestoreTestResult(executionId, scratch, keep, rtoTarget);
			try (Connection admin = dataSource.getConnection()) {
				admin.setAutoCommit(true);
				refuseWhileAnotherRuns(admin);
				dropLeftovers(admin);
				Path downloads = emptyDownloadDirectory(postgres.databaseName());
				String requested = (String) parameters.get("backup");
				BackupStore.Backup backup = requested.equals("latest")
						? backups.all().stream().findFirst().orElseThrow(() -> new IllegalStateException("no backup found"))
						: backups.find(requested).orElseThrow(() -> new IllegalStateException("the manifest of "
								+ requested + " is missing"));
				result.backupKey = backup.dumpKey();
				Path dump = Files.createTempFile(downloads, "backup", ".dump");
				try {
					long phase = System.nanoTime();
					String sha256 = objectStore.download(backup.dumpKey(), dump);
					if (!sha256.equals(backup.manifest().get("sha256").asString())) {
						throw new IllegalStateException("download: SHA-256 differs from the manifest");
					}
					logger.info("data offsets added to {} entries of the downloaded dump", DumpDataOffsets.addTo(dump));
					result.downloadSeconds = seconds(phase);
					phase = System.nanoTime();
					execute(admin, "CREATE DATABASE " + quoted(scratch) + " TEMPLATE template0");
					restore(postgres, scratch, dump, (Long) parameters.get("jobs"), downloads);
					result.restoreSeconds = seconds(phase);
				}
				finally {
					Files.deleteIfExists(dump);
				}
				long phase = System.nanoTime();
				try (Connection copy = DriverManager.getConnection(scratchUrl(connection.determineUrl(), scratch),
						connection.determineUsername(), connection.determinePassword())) {
					result.tablesChecked = RestoredCopyValidation.validate(copy, backup.manifest());
				}
				result.validateSeconds = seconds(phase);
				if (result.rtoSeconds() > rtoTarget.toSeconds()) {
					throw new IllegalStateException(String.format("RTO %.1f s exceeds the target of %d s",
							result.rtoSeconds(), rtoTarget.toSeconds()));
				}
				result.passed = true;
				contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(result.summary()));
				logger.info(result.summary());
				return RepeatStatus.FINISHED;
			}
			catch (Exception ex) {
				result.failure = firstLine(ex.getMessage());
				throw ex;
			}
			finally {
				finish(dataSource, result);
				result.publish(metrics);
			}
		}, transactionManager).build();
	}

	private static void restore(PostgresClient postgres, String scratch, Path dump, long jobs, Path directory)
			throws Exception {
		Path errors = Files.createTempFile(directory, "pg_restore", ".err");
		try {
			Process restore = postgres
				.command("pg_restore", List.of("-j", String.valueOf(jobs), "--no-owner", "--exit-on-error", "-d",
						scratch, dump.toString()))
				.redirectErrorStream(true)
				.redirectOutput(errors.toFile())
				.start();
			if (!restore.waitFor(6, TimeUnit.HOURS)) {
				restore.destroyForcibly();
				throw new IllegalStateException("pg_restore failed: still running after 6 h");
			}
			if (restore.exitValue() != 0) {
				throw new IllegalStateException("pg_restore failed: " + firstError(Files.readAllLines(errors))
					.orElse("exit " + restore.exitValue()));
			}
		}
		finally {
			Files.deleteIfExists(errors);
		}
	}

	/**
	 * pg_restore's first error line ({@code pg_restore: error: ...}), or its first line when none is marked so; not
	 * any line that merely contains "error" (a warning about a table named {@code errors}).
	 */
	private static Optional<String> firstError(List<String> output) {
		return output.stream()
			.filter((line) -> line.startsWith("pg_restore: error: "))
			.findFirst()
			.or(() -> output.stream().filter((line) -> !line.isBlank()).findFirst())
			.map(String::strip);
	}

	/**
	 * The directory of this database's downloads, emptied of what runs killed before deleting theirs left (a whole
	 * dump each); this job runs one at a time per database.
	 */
	private static Path emptyDownloadDirectory(String database) throws IOException {
		Path directory = downloadDirectory(database);
		FileSystemUtils.deleteRecursively(directory);
		return Files.createDirectories(directory);
	}

	static Path downloadDirectory(String database) {
		return Path.of(System.getProperty("java.io.tmpdir"), "flowbatch-restore-test-" + database);
	}

	/** Fails when another restore-test of this database runs: this one would drop its scratch database. */
	private static void refuseWhileAnotherRuns(Connection admin) throws SQLException {
		try (Statement statement = admin.createStatement(); ResultSet locked = statement.executeQuery(TRY_LOCK)) {
			if (!locked.next() || !locked.getBoolean(1)) {
				throw new IllegalStateException("another restore-test of this database is running; nothing was done");
			}
		}
	}

	/** Scratch databases of earlier runs that died before dropping theirs; this job runs one at a time. */
	private static void dropLeftovers(Connection admin) throws SQLException {
		List<String> leftovers = new ArrayList<>();
		try (PreparedStatement statement = admin.prepareStatement(
				"SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
			statement.setString(1, SCRATCH_PREFIX);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					leftovers.add(rows.getString(1));
				}
			}
		}
		for (String leftover : leftovers) {
			execute(admin, "DROP DATABASE IF EXISTS " + quoted(leftover) + " WITH (FORCE)");
			logger.info("Dropped the scratch database {} left by an earlier restore-test", leftover);
		}
	}

	/** Records the result and, unless kept, drops the scratch database; on every outcome. */
	private static void finish(DataSource dataSource, RestoreTestResult result) {
		try (Connection admin = dataSource.getConnection()) {
			admin.setAutoCommit(true);
			if (!result.kept) {
				execute(admin, "DROP DATABASE IF EXISTS " + quoted(result.scratch) + " WITH (FORCE)");
			}
			try (PreparedStatement insert = admin.prepareStatement(INSERT_RESULT)) {
				insert.setLong(1, result.executionId);
				insert.setString(2, result.backupKey);
				insert.setTimestamp(3, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
				insert.setBoolean(4, result.passed);
				insert.setString(5, result.failure);
				insert.setObject(6, result.downloadSeconds);
				insert.setObject(7, result.restoreSeconds);
				insert.setObject(8, result.validateSeconds);
				insert.setObject(9, result.rtoSeconds());
				insert.setDouble(10, result.rtoTarget.toSeconds());
				insert.setObject(11, result.tablesChecked);
				insert.setString(12, result.scratch);
				insert.setBoolean(13, result.kept);
				insert.executeUpdate();
			}
		}
		catch (SQLException ex) {
			logger.error("Could not record the restore test or drop {}: {}", result.scratch, ex.getMessage());
		}
	}

	/** The application's URL with the scratch database: the same host, port and TLS settings. */
	static String scratchUrl(String url, String scratch) {
		Properties parsed = Driver.parseURL(url, new Properties());
		int query = url.indexOf('?');
		return "jdbc:postgresql://" + parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT") + "/"
				+ scratch.replace("~", "%7E") + ((query >= 0) ? url.substring(query) : "");
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static String firstLine(String message) {
		return (message == null) ? "" : message.lines().findFirst().orElse("");
	}

	/** What a restore test measured and found. */
	private static final class RestoreTestResult {

		final long executionId;

		final String scratch;

		final boolean kept;

		final Duration rtoTarget;

		String backupKey;

		boolean passed;

		String failure;

		Double downloadSeconds;

		Double restoreSeconds;

		Double validateSeconds;

		Integer tablesChecked;

		RestoreTestResult(long executionId, String scratch, boolean kept, Duration rtoTarget) {
			this.executionId = executionId;
			this.scratch = scratch;
			this.kept = kept;
			this.rtoTarget = rtoTarget;
		}

		/** The result as this run's metrics: the restore-test alerts read them. */
		void publish(JobMetrics metrics) {
			metrics.set("flowbatch.restore.test.passed", this.passed ? 1 : 0);
			metrics.set("flowbatch.restore.test.rto.target.seconds", this.rtoTarget.toSeconds());
			if (this.passed) {
				metrics.set("flowbatch.restore.test.rto.seconds", rtoSeconds());
			}
			publishPhase(metrics, "download", this.downloadSeconds);
			publishPhase(metrics, "restore", this.restoreSeconds);
			publishPhase(metrics, "validate", this.validateSeconds);
		}

		private static void publishPhase(JobMetrics metrics, String phase, Double seconds) {
			if (seconds != null) {
				metrics.set("flowbatch.restore.test.phase.seconds", seconds, "phase", phase);
			}
		}

		Double rtoSeconds() {
			return (this.downloadSeconds == null || this.restoreSeconds == null || this.validateSeconds == null) ? null
					: this.downloadSeconds + this.restoreSeconds + this.validateSeconds;
		}

		String summary() {
			return String.format("restore test of %s passed: %d tables validated; RTO %.1f s (download %.1f s,"
					+ " restore %.1f s, validate %.1f s), target %d s", this.backupKey, this.tablesChecked, rtoSeconds(),
					this.downloadSeconds, this.restoreSeconds, this.validateSeconds, this.rtoTarget.toSeconds());
		}

	}

}
