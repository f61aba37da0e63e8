package io.flowbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * backup-verify: a backup is trusted only when every check passes, in this order: its manifest and object exist, the
 * object's size and SHA-256 are the manifest's, {@code pg_restore -f /dev/null} reads it whole, and the newest backup
 * is younger than the RPO. A failed check fails the job with an exit description that names it. A backup that passed
 * every check but freshness is recorded in {@code backup_verifications}.
 * ({@code pg_restore --list} alone is no check: it succeeds on truncated and corrupted dumps.)
 */
@Configuration(proxyBeanMethods = false)
class BackupVerifyJobConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(BackupVerifyJobConfiguration.class);

	private static final String INSERT_VERIFICATION = SqlFiles.read("queries/backup/insert-verification.sql");

	@Bean
	Job backupVerifyJob(JobRepository jobRepository, Step verifyBackup, BackupStore backups) {
		return new JobBuilder("backup-verify", jobRepository).validator(knownBackup(backups)).start(verifyBackup).build();
	}

	/** An unknown backup key is a bad command line: refused before an execution exists. */
	static JobParametersValidator knownBackup(BackupStore backups) {
		return (parameters) -> {
			String backup = parameters.getString("backup");
			if (backup != null && !backup.equals("latest") && !backups.dumpExists(backup)
					&& backups.find(backup).isEmpty()) {
				throw new InvalidJobParametersException("unknown backup '" + backup + "': no such object or manifest"
						+ " (keys are relative to flowbatch.s3.prefix, e.g. backups/DB/20261121T030000Z-execution-7.dump)");
			}
		};
	}

	@Bean
	Step verifyBackup(JobRepository jobRepository, PlatformTransactionManager transactionManager, DataSource dataSource,
			BackupStore backups, ObjectStore objectStore, PostgresClient postgres, BackupProperties properties,
			JobMetrics metrics) {
		return new StepBuilder("verify", jobRepository).tasklet((contribution, context) -> {
			long executionId = context.getStepContext().getStepExecution().getJobExecutionId();
			String requested = (String) context.getStepContext().getJobParameters().get("backup");
			List<BackupStore.Backup> newestFirst = backups.all();
			// Published whatever the checks find: the stale-backup alert reads it.
			newestFirst.stream().findFirst().ifPresent((newest) -> metrics
				.set("flowbatch.backup.newest.start.timestamp.seconds", newest.startedAt().getEpochSecond()));
			BackupStore.Backup backup;
			if (requested.equals("latest")) {
				backup = newestFirst.stream().findFirst()
					.orElseThrow(() -> new BackupCheckFailed("manifest", "no backup found"));
			}
			else {
				backup = backups.find(requested)
					.orElseThrow(() -> new BackupCheckFailed("manifest", "the manifest of " + requested + " is missing"));
			}
			OptionalLong size = objectStore.size(backup.dumpKey());
			if (size.isEmpty()) {
				throw new BackupCheckFailed("object", backup.dumpKey() + " is missing");
			}
			long recordedSize = backup.manifest().get("size").asLong();
			if (size.getAsLong() != recordedSize) {
				throw new BackupCheckFailed("size", backup.dumpKey() + " has " + size.getAsLong() + " bytes, the manifest "
						+ recordedSize);
			}
			Path local = Files.createTempFile("flowbatch-backup-verify", ".dump");
			try {
				String sha256 = objectStore.download(backup.dumpKey(), local);
				if (!sha256.equals(backup.manifest().get("sha256").asString())) {
					throw new BackupCheckFailed("checksum", backup.dumpKey() + " has SHA-256 " + sha256
							+ ", the manifest " + backup.manifest().get("sha256").asString());
				}
				readWhole(postgres, local);
			}
			finally {
				Files.deleteIfExists(local);
			}
			recordVerified(dataSource, executionId, backup.dumpKey());
			Duration age = Duration.between(newestFirst.get(0).startedAt(), Instant.now());
			if (age.compareTo(properties.rpo()) > 0) {
				throw new BackupCheckFailed("freshness", "the newest backup (" + newestFirst.get(0).dumpKey() + ") is "
						+ age.toHours() + " h old, older than the RPO of " + properties.rpo().toHours() + " h");
			}
			String verified = "backup " + backup.dumpKey() + " verified: size, SHA-256, full read; newest backup "
					+ age.toMinutes() + " min old (RPO " + properties.rpo().toHours() + " h)";
			logger.info(verified);
			contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(verified));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	/**
	 * The backup is intact, whatever freshness finds: recorded on a connection of its own, so that a failed freshness
	 * check does not roll it back. Backup retention keeps the newest verified backup.
	 */
	private static void recordVerified(DataSource dataSource, long executionId, String dumpKey) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(INSERT_VERIFICATION)) {
			connection.setAutoCommit(true);
			insert.setLong(1, executionId);
			insert.setString(2, dumpKey);
			insert.setTimestamp(3, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
			insert.executeUpdate();
		}
	}

	private static void readWhole(PostgresClient postgres, Path dump) throws IOException, InterruptedException {
		Process restore = postgres.command("pg_restore", List.of("-f", "/dev/null", dump.toString()))
			.redirectErrorStream(true)
			.start();
		String output = new String(restore.getInputStream().readAllBytes()).strip();
		if (!restore.waitFor(1, TimeUnit.HOURS) || restore.exitValue() != 0) {
			throw new BackupCheckFailed("full read", "pg_restore could not read the dump: "
					+ output.lines().findFirst().orElse("exit " + restore.exitValue()));
		}
	}

	/** A failed check; its message names the check first, for the exit description and alerts. */
	static final class BackupCheckFailed extends RuntimeException {

		BackupCheckFailed(String check, String detail) {
			super(check + " check failed: " + detail);
		}

	}

}
