package io.flowbatch.pitr;

import io.flowbatch.metrics.JobMetrics;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** wal-archive-check: continuous WAL archiving works and keeps the RPO ({@link WalArchiveCheckTasklet}). */
@Configuration(proxyBeanMethods = false)
class WalArchiveCheckJobConfiguration {

	@Bean
	Job walArchiveCheckJob(JobRepository jobRepository, Step checkWalArchive) {
		// Each run is a new instance: a check is not resumed, the next one checks again.
		return new JobBuilder("wal-archive-check", jobRepository).incrementer(new RunIdIncrementer())
			.start(checkWalArchive)
			.build();
	}

	@Bean
	Step checkWalArchive(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PgBackRest pgBackRest, WalContinuity walContinuity, Markers markers, JdbcClient jdbc,
			PitrProperties properties, JobMetrics metrics) {
		return new StepBuilder("check-wal-archive", jobRepository)
			.tasklet(new WalArchiveCheckTasklet(pgBackRest, walContinuity, markers, jdbc,
					ownTransaction(transactionManager), properties, metrics), transactionManager)
			.build();
	}

	/** For what a check or drill records whatever its outcome: committed at once, not with the step. */
	static TransactionTemplate ownTransaction(PlatformTransactionManager transactionManager) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return template;
	}

}
