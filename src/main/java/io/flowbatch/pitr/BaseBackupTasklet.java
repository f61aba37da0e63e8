package io.flowbatch.pitr;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.flowbatch.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * base-backup: {@code pgbackrest backup --type=TYPE}; the new backup set's label, size and duration go into the
 * execution (exit description and step context) and the metrics; a failure carries pgBackRest's first error line.
 */
class BaseBackupTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(BaseBackupTasklet.class);

	private final PgBackRest pgBackRest;

	private final JobMetrics metrics;

	private final String type;

	BaseBackupTasklet(PgBackRest pgBackRest, JobMetrics metrics, String type) {
		this.pgBackRest = pgBackRest;
		this.metrics = metrics;
		this.type = type;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Set<String> before = this.pgBackRest.info().backups().stream()
			.map(StanzaInfo.Backup::label)
			.collect(Collectors.toSet());
		long started = System.nanoTime();
		PgBackRest.Result output = this.pgBackRest.backup(this.type);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		List<StanzaInfo.Backup> created = this.pgBackRest.info().backups().stream()
			.filter((backup) -> !before.contains(backup.label()))
			.toList();
		if (created.size() != 1) {
			throw new IllegalStateException("pgbackrest backup ended without error but pgbackrest info lists "
					+ created.size() + " new backup sets: " + output.output().strip());
		}
		BaseBackup backup = new BaseBackup(this.pgBackRest.stanza(), created.get(0), took);
		chunkContext.getStepContext().getStepExecution().getExecutionContext().putString("backup.label",
				backup.set().label());
		chunkContext.getStepContext().getStepExecution().getExecutionContext().putString("backup.output",
				output.output().strip());
		this.metrics.set("flowbatch.pitr.base.backup.seconds", took.toMillis() / 1000.0, "type", backup.set().type());
		this.metrics.set("flowbatch.pitr.base.backup.size.bytes", backup.set().size(), "type", backup.set().type());
		this.metrics.set("flowbatch.pitr.base.backup.repository.bytes", backup.set().repositorySize(), "type",
				backup.set().type());
		this.metrics.set("flowbatch.pitr.base.backup.stop.timestamp.seconds", backup.set().stoppedAt().getEpochSecond(),
				"type", backup.set().type());
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(backup.summary()));
		logger.info(backup.summary());
		return RepeatStatus.FINISHED;
	}

	/** A base backup this job took. */
	record BaseBackup(String stanza, StanzaInfo.Backup set, Duration took) {

		String summary() {
			return String.format("base backup %s (%s) of stanza %s: %,d bytes, %,d in the repository, WAL %s..%s,"
					+ " %.1f s", this.set.label(), this.set.type(), this.stanza, this.set.size(),
					this.set.repositorySize(), this.set.archiveStart(), this.set.archiveStop(),
					this.took.toMillis() / 1000.0);
		}

	}

}
