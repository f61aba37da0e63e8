package io.flowbatch.webhookarchive;

import io.flowbatch.archive.ArchivePipeline;
import io.flowbatch.archive.PartitionArchiver;
import io.flowbatch.archive.PartitionReader;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * webhook-archive: events received before {@code before} (00:00 UTC) become one Parquet object per source and UTC
 * month, each read back and verified before its rows are deleted ({@link WebhookArchiveDefinition}, run by the
 * {@link ArchivePipeline}), with {@code flowbatch.archive.workers} concurrent workers; worker i takes the planned
 * partitions whose place in the plan is i modulo the worker count.
 */
@Configuration(proxyBeanMethods = false)
class WebhookArchiveJobConfiguration {

	@Bean
	Job webhookArchiveJob(ArchivePipeline pipeline, PartitionReader webhookArchivePartitions,
			PartitionArchiver webhookPartitionArchiver, @Value("${flowbatch.archive.workers:2}") int workers) {
		return pipeline.job(WebhookArchiveDefinition.DEFINITION, webhookArchivePartitions, webhookPartitionArchiver,
				workers);
	}

	@Bean
	@StepScope
	PartitionReader webhookArchivePartitions(ArchivePipeline pipeline,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return pipeline.partitions(WebhookArchiveDefinition.DEFINITION, stepExecution);
	}

	@Bean
	@StepScope
	PartitionArchiver webhookPartitionArchiver(ArchivePipeline pipeline,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return pipeline.archiver(WebhookArchiveDefinition.DEFINITION, stepExecution);
	}

}
