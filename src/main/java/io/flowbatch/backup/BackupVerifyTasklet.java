package io.flowbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * backup-verify: a backup is trusted only when every check passes, in this order: its manifest exists and, with
 * {@code flowbatch.backup.manifest-hmac-key} set, its signature vouches for it; the dump exists with the manifest's
 * size and SHA-256; the globals have the manifest's size and SHA-256; {@code pg_restore -f /dev/null} reads the dump
 * whole; and the newest backup is younger than the RPO. A failed check fails the job with an exit description that
 * names it. A backup that passed every check but freshness is recorded in {@code backup_verifications}. Objects that
 * no manifest owns are reported. ({@code pg_restore --list} alone is no check: it succeeds on truncated and corrupted
 * dumps.)
 */
class BackupVerifyTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(BackupVerifyTasklet.class);

	private static final String INSERT_VERIFICATION = SqlFiles.read("queries/backup/insert-verification.sql");

	private final BackupStore backups;

	private final BackupIntegrity integrity;

	private final PostgresClient postgres;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Duration rpo;

	private final JobMetrics metrics;

	private final String requested;

	/**
	 * @param ownTransaction commits the verification at once: a failed freshness check must not roll it back
	 * (retention keeps the newest verified backup)
	 */
	BackupVerifyTasklet(BackupStore backups, BackupIntegrity integrity, PostgresClient postgres, JdbcClient jdbc,
			TransactionTemplate ownTransaction, Duration rpo, JobMetrics metrics, String requested) {
		this.backups = backups;
		this.integrity = integrity;
		this.postgres = postgres;
		this.jdbc = jdbc;
		this.ownTransaction = ownTransaction;
		this.rpo = rpo;
		this.metrics = metrics;
		this.requested = requested;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		List<BackupStore.Backup> newestFirst = this.backups.all();
		// Published whatever the checks find: the stale-backup alert reads it.
		newestFirst.stream().findFirst().ifPresent((newest) -> this.metrics
			.set("flowbatch.backup.newest.start.timestamp.seconds", newest.startedAt().getEpochSecond()));
		BackupStore.Backup backup = this.integrity.find(this.requested);
		this.integrity.checkSignature(backup);
		Path local = Files.createTempFile("flowbatch-backup-verify", ".dump");
		try {
			this.integrity.download(backup, local);
			this.integrity.globals(backup);
			readWhole(local);
		}
		finally {
			Files.deleteIfExists(local);
		}
		this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql(INSERT_VERIFICATION)
			.params(executionId, backup.dumpKey(), LocalDateTime.now(ZoneOffset.UTC))
			.update());
		Duration age = Duration.between(newestFirst.get(0).startedAt(), Instant.now());
		if (age.compareTo(this.rpo) > 0) {
			throw new BackupCheckFailed("freshness", "the newest backup (" + newestFirst.get(0).dumpKey() + ") is "
					+ age.toHours() + " h old, older than the RPO of " + this.rpo.toHours() + " h");
		}
		String verified = "backup " + backup.dumpKey() + " verified: " + (backup.manifest().globals() != null
				? "size, SHA-256, globals, full read" : "size, SHA-256, full read (taken before globals were stored)")
				+ "; newest backup " + age.toMinutes() + " min old (RPO " + this.rpo.toHours() + " h)";
		int orphans = this.backups.orphans().size();
		if (orphans > 0) {
			verified += "; " + orphans + " objects without a manifest (the next backup deletes those of ended runs)";
		}
		logger.info(verified);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(verified));
		return RepeatStatus.FINISHED;
	}

	private void readWhole(Path dump) throws IOException, InterruptedException {
		Process restore = this.postgres.command("pg_restore", List.of("-f", "/dev/null", dump.toString()))
			.redirectErrorStream(true)
			.start();
		String output = new String(restore.getInputStream().readAllBytes()).strip();
		if (!restore.waitFor(1, TimeUnit.HOURS) || restore.exitValue() != 0) {
			throw new BackupCheckFailed("full read", "pg_restore could not read the dump: "
					+ output.lines().findFirst().orElse("exit " + restore.exitValue()));
		}
	}

}
