package io.flowbatch.webhookarchive;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.flowbatch.archive.ArchiveBacklog;
import io.flowbatch.archive.ArchiveManifest;
import io.flowbatch.archive.ArchiveObjects;
import io.flowbatch.archive.ArchiveWorkers;
import io.flowbatch.archive.RunManifests;
import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * webhook-archive: events received before {@code before} (00:00 UTC) become one Parquet object per source and UTC
 * day under {@code PREFIX/webhook_events/source=.../received_date=.../}; each object is read back and verified before
 * its rows are deleted (docs/archive.md).
 * <ol>
 * <li>{@code plan}: reports the partitions (rows, estimated bytes); a dry run ends here;</li>
 * <li>{@code archive-partitions}: one partition per chunk transaction ({@link PartitionArchiver}); its reader
 * re-plans from PostgreSQL, so a restart picks up exactly the partitions whose rows are still there;</li>
 * <li>{@code write-run-manifest}: a JSON manifest of the run next to the data.</li>
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
class WebhookArchiveJobConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(WebhookArchiveJobConfiguration.class);

	static final String PLAN = SqlFiles.read("queries/webhook-archive/plan-partitions.sql");

	@Bean
	Job webhookArchiveJob(JobRepository jobRepository, Step planWebhookArchive, Step archiveWebhookPartitions,
			Step writeWebhookArchiveRunManifest, JdbcClient jdbc, JobMetrics metrics) {
		return new JobBuilder("webhook-archive", jobRepository)
			.listener(new ArchiveBacklog(jdbc, metrics, PartitionArchiver.DATASET,
					SqlFiles.read("queries/webhook-archive/backlog.sql")))
			.start(planWebhookArchive)
			.on("DRY_RUN")
			.end()
			.from(planWebhookArchive)
			.on("*")
			.to(archiveWebhookPartitions)
			.next(writeWebhookArchiveRunManifest)
			.end()
			.build();
	}

	@Bean
	Step planWebhookArchive(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			NamedParameterJdbcTemplate jdbc) {
		return new StepBuilder("plan", jobRepository).tasklet((contribution, context) -> {
			Map<String, Object> parameters = context.getStepContext().getJobParameters();
			LocalDateTime cutoff = ((LocalDate) parameters.get("before")).atStartOfDay();
			List<ArchivePartition> plan = jdbc.query(PLAN,
					Map.of("cutoff", Timestamp.valueOf(cutoff), "workers", 1, "worker", 0), (row, n) -> partition(row));
			long rows = plan.stream().mapToLong(ArchivePartition::rowCount).sum();
			long bytes = plan.stream().mapToLong(ArchivePartition::estimatedBytes).sum();
			boolean dryRun = Boolean.parseBoolean(String.valueOf(parameters.get("dryRun")));
			plan.forEach((p) -> logger.info("{} {}: {} rows, ~{} bytes", dryRun ? "Would archive" : "Will archive",
					p.partitionPath(), p.rowCount(), p.estimatedBytes()));
			String summary = plan.size() + " partitions, " + rows + " rows, ~" + bytes + " bytes received before "
					+ cutoff.toLocalDate() + " UTC";
			logger.info("Plan: {}", summary);
			contribution.setExitStatus(dryRun
					? new ExitStatus("DRY_RUN", "dry run, nothing written or deleted: " + summary)
					: ExitStatus.COMPLETED.addExitDescription(summary));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	/**
	 * Archives with {@code flowbatch.archive.workers} concurrent workers ({@link ArchiveWorkers}); worker i takes the
	 * days whose number is i modulo the worker count, so the load is even whatever the sources' sizes.
	 */
	@Bean
	Step archiveWebhookPartitions(JobRepository jobRepository, Step archiveWebhookPartitionsWorker,
			@Value("${flowbatch.archive.workers:2}") int workers) {
		return ArchiveWorkers.step("archive-partitions", jobRepository, archiveWebhookPartitionsWorker, workers);
	}

	@Bean
	Step archiveWebhookPartitionsWorker(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcCursorItemReader<ArchivePartition> webhookArchivePartitions,
			PartitionArchiver webhookPartitionArchiver) {
		return ArchiveWorkers.worker(jobRepository, transactionManager, webhookArchivePartitions,
				webhookPartitionArchiver);
	}

	@Bean
	@StepScope
	JdbcCursorItemReader<ArchivePartition> webhookArchivePartitions(JdbcTemplate jdbc,
			@Value("#{jobParameters['before']}") LocalDate before,
			@Value("#{stepExecutionContext['worker']}") Integer worker,
			@Value("#{stepExecutionContext['workers']}") Integer workers) {
		return ArchiveWorkers.partitions(jdbc.getDataSource(), PLAN, before, worker, workers,
				(row, n) -> partition(row));
	}

	@Bean
	@StepScope
	PartitionArchiver webhookPartitionArchiver(JdbcTemplate jdbc, ObjectStore objectStore,
			ArchiveObjects archiveObjects, ArchiveManifest manifest,
			@Value("#{jobParameters['before']}") LocalDate before,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new PartitionArchiver(jdbc, objectStore, archiveObjects, manifest, before.atStartOfDay(), executionId);
	}

	@Bean
	Step writeWebhookArchiveRunManifest(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RunManifests runManifests) {
		return new StepBuilder("write-run-manifest", jobRepository)
			.tasklet(runManifests.tasklet("webhook-archive", PartitionArchiver.DATASET,
					"webhook_events/source=<percent-encoded>/received_date=YYYY-MM-DD/*.parquet"), transactionManager)
			.build();
	}

	private static ArchivePartition partition(java.sql.ResultSet row) throws java.sql.SQLException {
		return new ArchivePartition(row.getString("source"), row.getDate("received_date").toLocalDate(),
				row.getLong("row_count"), row.getLong("estimated_bytes"), row.getLong("min_id"),
				row.getLong("max_id"));
	}

}
