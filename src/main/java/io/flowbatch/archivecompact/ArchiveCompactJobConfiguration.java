package io.flowbatch.archivecompact;

import java.time.LocalDate;

import io.flowbatch.archive.CurrentManifests;
import io.flowbatch.archive.UploadAttempts;
import io.flowbatch.archivecompact.internal.Compactions;
import io.flowbatch.config.InvalidSettingsException;
import io.flowbatch.execution.RunningExecutionLock;
import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.storage.ObjectStore;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * archive-compact: merges the small archive objects of months that ended before {@code before} into objects of about
 * {@code flowbatch.compact.target-bytes}, each verified against its inputs, recorded in archive_manifest in their
 * place, and only then are the inputs deleted ({@link GroupCompactor}); webhook_events objects of the former day
 * layout are rewritten into month partitions the same way. Steps: {@code plan} (a dry run ends here),
 * {@code remove-staged} ({@link StagedCopies}), {@code compact} (one group per chunk), {@code publish-manifests}.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveCompactJobConfiguration {

	/** S3's smallest multipart part; a smaller target would merge nothing worth merging. */
	private static final long MIN_TARGET_BYTES = 5L * 1024 * 1024;

	@Bean
	Compactions archiveCompactions(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		return new Compactions(jdbc, transactionManager);
	}

	@Bean
	Job archiveCompactJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Compactions archiveCompactions, UploadAttempts attempts, ObjectStore objectStore,
			CurrentManifests currentManifests, RunningExecutionLock locks, Step compactArchiveGroups,
			@Value("${flowbatch.compact.target-bytes:134217728}") long targetBytes) {
		if (targetBytes < MIN_TARGET_BYTES) {
			throw new InvalidSettingsException("flowbatch.compact.target-bytes must be at least " + MIN_TARGET_BYTES
					+ " (5 MiB), got " + targetBytes);
		}
		Step plan = new StepBuilder("plan", jobRepository)
			.tasklet(new CompactionPlanTasklet(archiveCompactions, targetBytes), transactionManager)
			.build();
		Step removeStaged = new StepBuilder("remove-staged", jobRepository)
			.tasklet(new StagedCopies(archiveCompactions, attempts, objectStore), transactionManager)
			.build();
		Step publish = new StepBuilder("publish-manifests", jobRepository).tasklet((contribution, context) -> {
			CompactParameters.datasets(context.getStepContext().getStepExecution().getJobParameters().getString("dataset"))
				.forEach(currentManifests::publish);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
		return new JobBuilder("archive-compact", jobRepository).validator(new CompactParameters())
			.listener(new ArchiveJobLocks(locks))
			.start(plan)
			.on("DRY_RUN")
			.end()
			.from(plan)
			.on("*")
			.to(removeStaged)
			.next(compactArchiveGroups)
			.next(publish)
			.end()
			.build();
	}

	@Bean
	Step compactArchiveGroups(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			CompactionGroups compactionGroups, GroupCompactor groupCompactor) {
		return new StepBuilder("compact", jobRepository).<CompactionGroup, CompactionGroup>chunk(1)
			.reader(compactionGroups)
			.writer(groupCompactor)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	@StepScope
	CompactionGroups compactionGroups(Compactions archiveCompactions,
			@Value("#{jobParameters['dataset']}") String dataset, @Value("#{jobParameters['before']}") LocalDate before,
			@Value("${flowbatch.compact.target-bytes:134217728}") long targetBytes) {
		return new CompactionGroups(archiveCompactions, CompactParameters.datasets(dataset), before, targetBytes);
	}

	@Bean
	@StepScope
	GroupCompactor groupCompactor(ObjectStore objectStore, UploadAttempts attempts, Compactions archiveCompactions,
			CurrentManifests currentManifests, JobMetrics metrics,
			@Value("#{stepExecution.jobExecutionId}") Long executionId,
			@Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long instanceId) {
		return new GroupCompactor(objectStore, attempts, archiveCompactions, currentManifests, metrics, executionId,
				instanceId);
	}

}
