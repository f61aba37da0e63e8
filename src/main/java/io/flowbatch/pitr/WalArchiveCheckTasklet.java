package io.flowbatch.pitr;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * wal-archive-check: writes a marker (pitr-test's drills check them), then checks, in this order, that
 * <ol>
 * <li>{@code pg_stat_archiver}: no WAL older than {@code flowbatch.pitr.rpo} waits for archiving, and
 * archive_command has not been failing since the previous check;</li>
 * <li>{@code pgbackrest check}: a WAL switch now reaches the repository;</li>
 * <li>{@code pgbackrest info}: the newest base backup is younger than {@code flowbatch.pitr.backup-max-age};</li>
 * <li>the repository holds every WAL segment from that backup's start to the newest archived one.</li>
 * </ol>
 * Every check runs; the job fails with all that is wrong. What it saw is recorded in {@code wal_archive_checks}.
 */
class WalArchiveCheckTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(WalArchiveCheckTasklet.class);

	private static final String ARCHIVER = SqlFiles.read("queries/pitr/archiver.sql");

	private static final String PREVIOUS = SqlFiles.read("queries/pitr/previous-check.sql");

	private static final String INSERT = SqlFiles.read("queries/pitr/insert-check.sql");

	private final PgBackRest pgBackRest;

	private final WalContinuity continuity;

	private final Markers markers;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final PitrProperties properties;

	private final JobMetrics metrics;

	WalArchiveCheckTasklet(PgBackRest pgBackRest, WalContinuity continuity, Markers markers, JdbcClient jdbc,
			TransactionTemplate ownTransaction, PitrProperties properties, JobMetrics metrics) {
		this.pgBackRest = pgBackRest;
		this.continuity = continuity;
		this.markers = markers;
		this.jdbc = jdbc;
		this.ownTransaction = ownTransaction;
		this.properties = properties;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		this.markers.write("wal-archive-check", executionId);
		ArchiverStatus archiver = this.jdbc.sql(ARCHIVER).query((rows, n) -> archiverStatus(rows)).single();
		Optional<ArchiverStatus.Previous> previous = this.jdbc.sql(PREVIOUS)
			.param("executionId", executionId)
			.query((rows, n) -> new ArchiverStatus.Previous(rows.getLong("failed_count"),
					localDateTime(rows.getTimestamp("stats_reset"))))
			.optional();
		List<String> problems = new ArrayList<>(archiver.problems(this.properties.rpo(), previous.orElse(null)));
		try {
			this.pgBackRest.check();
		}
		catch (IllegalStateException ex) {
			problems.add(ex.getMessage());
		}
		StanzaInfo.Backup newest = null;
		String walRange = null;
		try {
			StanzaInfo info = this.pgBackRest.info();
			newest = info.newestBackup().orElse(null);
			if (newest == null) {
				problems.add("stanza " + info.stanza() + " has no base backup (run base-backup type=full)");
			}
			else {
				Duration age = Duration.between(newest.stoppedAt(), Instant.now());
				this.metrics.set("flowbatch.pitr.newest.backup.stop.timestamp.seconds", newest.stoppedAt().getEpochSecond());
				if (age.compareTo(this.properties.backupMaxAge()) > 0) {
					problems.add("the newest base backup " + newest.label() + " is " + ArchiverStatus.describe(age)
							+ " old, over flowbatch.pitr.backup-max-age " + ArchiverStatus.describe(
									this.properties.backupMaxAge()));
				}
				walRange = this.continuity.check(info, newest);
			}
		}
		catch (IllegalStateException ex) {
			problems.add(ex.getMessage());
		}
		if (archiver.lastArchivedAge() != null) {
			this.metrics.set("flowbatch.wal.archive.last.archived.age.seconds", archiver.lastArchivedAge().toSeconds());
		}
		this.metrics.set("flowbatch.wal.archive.failed.count", archiver.failedCount());
		this.metrics.set("flowbatch.wal.archive.rpo.seconds", this.properties.rpo().toSeconds());
		this.metrics.set("flowbatch.wal.archive.check.passed", problems.isEmpty() ? 1 : 0);
		record(executionId, archiver, problems, newest, walRange);
		if (!problems.isEmpty()) {
			throw new IllegalStateException("WAL archiving of stanza " + this.pgBackRest.stanza() + " is not sound: "
					+ String.join("; ", problems));
		}
		long recovered = archiver.recoveredFailures(previous.orElse(null));
		String summary = "WAL archiving of stanza " + this.pgBackRest.stanza() + " is sound: last segment "
				+ archiver.lastArchivedWal() + " archived at " + archiver.lastArchivedAt() + "Z; newest backup "
				+ newest.label() + "; WAL " + walRange + " complete"
				+ ((recovered > 0) ? "; " + recovered + " archive_command failures since the last check, recovered"
						: "");
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		logger.info(summary);
		return RepeatStatus.FINISHED;
	}

	/** Committed whatever the outcome: the next check compares with it. */
	private void record(long executionId, ArchiverStatus archiver, List<String> problems, StanzaInfo.Backup newest,
			String walRange) {
		this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql(INSERT)
			.param("executionId", executionId)
			.param("checkedAt", archiver.now())
			.param("passed", problems.isEmpty())
			.param("failure", problems.isEmpty() ? null : String.join("; ", problems))
			.param("archivedCount", archiver.archivedCount())
			.param("failedCount", archiver.failedCount())
			.param("lastArchivedWal", archiver.lastArchivedWal())
			.param("lastArchivedAt", archiver.lastArchivedAt())
			.param("lastFailedWal", archiver.lastFailedWal())
			.param("lastFailedAt", archiver.lastFailedAt())
			.param("statsReset", archiver.statsReset())
			.param("newestBackupLabel", (newest != null) ? newest.label() : null)
			.param("newestBackupAt", (newest != null) ? LocalDateTime.ofInstant(newest.stoppedAt(), ZoneOffset.UTC) : null)
			.param("walRangeChecked", walRange)
			.update());
	}

	private static ArchiverStatus archiverStatus(ResultSet rows) throws SQLException {
		return new ArchiverStatus(rows.getLong("archived_count"), rows.getLong("failed_count"),
				rows.getString("last_archived_wal"), localDateTime(rows.getTimestamp("last_archived_at")),
				rows.getString("last_failed_wal"), localDateTime(rows.getTimestamp("last_failed_at")),
				localDateTime(rows.getTimestamp("stats_reset")), localDateTime(rows.getTimestamp("now")),
				rows.getString("current_wal"), rows.getString("archive_mode"));
	}

	private static LocalDateTime localDateTime(Timestamp timestamp) {
		return (timestamp == null) ? null : timestamp.toLocalDateTime();
	}

}
