package io.flowbatch.webhookreprocess;

import io.flowbatch.metrics.JobMetrics;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * webhook-reprocess (the design's runbook 3, "reprocess failed webhooks"): step {@code reprocess} reads the failed
 * events of the last {@code hours} (at most {@code limit}), {@value #EVENTS_PER_CHUNK} per chunk; transient failures
 * and "flow item not found" (after creating the item from the payload) go back to pending for the service to retry,
 * the rest are skipped with their reason; step {@code summary} reports and pushes the counts.
 */
@Configuration(proxyBeanMethods = false)
class WebhookReprocessJobConfiguration {

	static final int EVENTS_PER_CHUNK = 20;

	@Bean
	Job webhookReprocessJob(JobRepository jobRepository, Step reprocessFailedEvents, Step summarizeReprocessing) {
		return new JobBuilder("webhook-reprocess", jobRepository).start(reprocessFailedEvents)
			.next(summarizeReprocessing)
			.build();
	}

	@Bean
	Step reprocessFailedEvents(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			FailedEventReader failedWebhookEvents, EventTriage webhookEventTriage, RepairWriter webhookRepairWriter,
			LeftFailedRecorder leftFailedRecorder) {
		return new StepBuilder("reprocess", jobRepository).<FailedEvent, Repair>chunk(EVENTS_PER_CHUNK)
			.reader(failedWebhookEvents)
			.processor(webhookEventTriage)
			.writer(webhookRepairWriter)
			.transactionManager(transactionManager)
			.faultTolerant()
			.skip(UnrepairableEventException.class)
			.skipLimit(Long.MAX_VALUE)
			.skipListener(leftFailedRecorder)
			.build();
	}

	@Bean
	Step summarizeReprocessing(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			NamedParameterJdbcTemplate jdbc, JobMetrics metrics) {
		return new StepBuilder("summary", jobRepository).tasklet(new ReprocessSummary(jdbc, metrics), transactionManager)
			.build();
	}

	@Bean
	@StepScope
	FailedEventReader failedWebhookEvents(NamedParameterJdbcTemplate jdbc, @Value("#{jobParameters['hours']}") Long hours,
			@Value("#{jobParameters['limit']}") Long limit) {
		return new FailedEventReader(jdbc, hours, limit);
	}

	@Bean
	@StepScope
	EventTriage webhookEventTriage(NamedParameterJdbcTemplate jdbc,
			@Value("#{jobParameters['maxAttempts']}") Long maxAttempts) {
		return new EventTriage(jdbc, maxAttempts);
	}

	@Bean
	@StepScope
	Attempts webhookReprocessAttempts(NamedParameterJdbcTemplate jdbc,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new Attempts(jdbc, executionId);
	}

	@Bean
	@StepScope
	RepairWriter webhookRepairWriter(NamedParameterJdbcTemplate jdbc, Attempts webhookReprocessAttempts,
			JobMetrics metrics) {
		return new RepairWriter(jdbc, webhookReprocessAttempts, metrics);
	}

	@Bean
	@StepScope
	LeftFailedRecorder leftFailedRecorder(Attempts webhookReprocessAttempts, JobMetrics metrics) {
		return new LeftFailedRecorder(webhookReprocessAttempts, metrics);
	}

}
