package io.flowbatch.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * backup's retention step: deletes the backups older than {@code keepDays}, never the newest {@code keepLast} nor the
 * newest verified one ({@link #expired}); then the objects no manifest owns and the unfinished uploads (a backup or a
 * retention killed half-way left them) unless the execution that wrote them may still run: those are reported in the
 * exit description and the log.
 */
class ExpiredBackupsTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ExpiredBackupsTasklet.class);

	private static final String VERIFIED_BACKUPS = SqlFiles.read("queries/backup/verified-backups.sql");

	private static final String UNFINISHED_EXECUTIONS = SqlFiles.read("queries/backup/unfinished-executions.sql");

	private final JdbcClient jdbc;

	private final BackupStore backups;

	private final long keepDays;

	private final long keepLast;

	ExpiredBackupsTasklet(JdbcClient jdbc, BackupStore backups, long keepDays, long keepLast) {
		this.jdbc = jdbc;
		this.backups = backups;
		this.keepDays = keepDays;
		this.keepLast = keepLast;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant expiry = LocalDate.now(ZoneOffset.UTC).minusDays(this.keepDays).atStartOfDay().toInstant(ZoneOffset.UTC);
		Set<String> verified = new HashSet<>(this.jdbc.sql(VERIFIED_BACKUPS).query(String.class).list());
		List<BackupStore.Backup> expired = expired(this.backups.all(), verified, expiry, this.keepLast);
		for (BackupStore.Backup backup : expired) {
			this.backups.delete(backup);
			logger.info("Deleted expired backup {} (started {})", backup.dumpKey(), backup.startedAt());
		}
		Set<Long> unfinished = new HashSet<>(this.jdbc.sql(UNFINISHED_EXECUTIONS).query(Long.class).list());
		List<String> kept = new ArrayList<>();
		int deleted = 0;
		for (String orphan : this.backups.orphans()) {
			OptionalLong writer = BackupStore.writtenBy(orphan);
			if (writer.isPresent() && !unfinished.contains(writer.getAsLong())) {
				this.backups.deleteOrphan(orphan);
				deleted++;
				logger.info("Deleted {}: no manifest owns it, and execution {} has ended", orphan, writer.getAsLong());
			}
			else {
				kept.add(orphan);
			}
		}
		int aborted = 0;
		for (ObjectStore.Upload upload : this.backups.unfinishedUploads()) {
			OptionalLong writer = BackupStore.writtenBy(upload.key());
			if (writer.isPresent() && !unfinished.contains(writer.getAsLong())) {
				this.backups.abort(upload);
				aborted++;
				logger.info("Aborted the upload of {}: execution {} has ended", upload.key(), writer.getAsLong());
			}
			else {
				kept.add(upload.key() + " (unfinished upload)");
			}
		}
		String summary = expired.size() + " expired backups deleted, " + deleted + " objects without a manifest deleted, "
				+ aborted + " unfinished uploads aborted";
		if (!kept.isEmpty()) {
			summary += "; kept, written by an execution not yet ended (recover a killed one: the next backup deletes"
					+ " them) or not by backup: " + String.join(", ", kept);
			logger.warn(summary);
		}
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

	/**
	 * The backups to delete: started before the expiry, except the newest {@code keepLast} (at least the newest one)
	 * whatever their age and the newest verified one: should every newer backup prove broken, it is the one to
	 * restore.
	 */
	static List<BackupStore.Backup> expired(List<BackupStore.Backup> newestFirst, Set<String> verified, Instant expiry,
			long keepLast) {
		int kept = (int) Math.min(newestFirst.size(), Math.max(1, keepLast));
		Optional<String> newestVerified = newestFirst.stream()
			.map(BackupStore.Backup::dumpKey)
			.filter(verified::contains)
			.findFirst();
		return newestFirst.subList(kept, newestFirst.size())
			.stream()
			.filter((backup) -> !newestVerified.filter(backup.dumpKey()::equals).isPresent())
			.filter((backup) -> backup.startedAt().isBefore(expiry))
			.toList();
	}

}
