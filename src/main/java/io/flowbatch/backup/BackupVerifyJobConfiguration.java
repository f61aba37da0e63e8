package io.flowbatch.backup;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** backup-verify: the checks of one backup ({@link BackupVerifyTasklet}). */
@Configuration(proxyBeanMethods = false)
class BackupVerifyJobConfiguration {

	@Bean
	Job backupVerifyJob(JobRepository jobRepository, Step verifyBackup, BackupStore backups) {
		return new JobBuilder("backup-verify", jobRepository).validator(new KnownBackup(backups))
			.start(verifyBackup)
			.build();
	}

	@Bean
	Step verifyBackup(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			BackupVerifyTasklet backupVerifyTasklet) {
		return new StepBuilder("verify", jobRepository).tasklet(backupVerifyTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	BackupVerifyTasklet backupVerifyTasklet(BackupStore backups, BackupIntegrity integrity, PostgresClient postgres,
			JdbcClient jdbc, PlatformTransactionManager transactionManager, BackupProperties properties,
			JobMetrics metrics, @Value("#{jobParameters['backup']}") String backup) {
		return new BackupVerifyTasklet(backups, integrity, postgres, jdbc, ownTransaction(transactionManager),
				properties.rpo(), metrics, backup);
	}

	/** For what a job records whatever its outcome: committed at once, not with the step. */
	static TransactionTemplate ownTransaction(PlatformTransactionManager transactionManager) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return template;
	}

}
