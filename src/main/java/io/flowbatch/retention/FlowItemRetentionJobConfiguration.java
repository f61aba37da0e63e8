package io.flowbatch.retention;

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
 * flow-item-retention: flow items completed before {@code before} (00:00 UTC), with their stage transitions and
 * stage metrics, become three joinable Parquet datasets, each partition exported, read back and verified, then deleted
 * in one transaction ({@link FlowItemRetentionDefinition}, run by the {@link ArchivePipeline}), with
 * {@code flowbatch.retention.workers} concurrent workers; worker i takes the planned partitions whose place in the
 * plan is i modulo the worker count. Workers lock disjoint items and delete disjoint rows.
 */
@Configuration(proxyBeanMethods = false)
class FlowItemRetentionJobConfiguration {

	@Bean
	Job flowItemRetentionJob(ArchivePipeline pipeline, PartitionReader flowItemRetentionPartitions,
			PartitionArchiver flowItemRetentionArchiver, @Value("${flowbatch.retention.workers:2}") int workers) {
		return pipeline.job(FlowItemRetentionDefinition.DEFINITION, flowItemRetentionPartitions,
				flowItemRetentionArchiver, workers);
	}

	@Bean
	@StepScope
	PartitionReader flowItemRetentionPartitions(ArchivePipeline pipeline,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return pipeline.partitions(FlowItemRetentionDefinition.DEFINITION, stepExecution);
	}

	@Bean
	@StepScope
	PartitionArchiver flowItemRetentionArchiver(ArchivePipeline pipeline,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return pipeline.archiver(FlowItemRetentionDefinition.DEFINITION, stepExecution);
	}

}
