package io.flowbatch.backup;

import java.time.Duration;

import javax.sql.DataSource;

import io.flowbatch.metrics.JobMetrics;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** restore-test: restore a backup into a scratch database and validate it ({@link RestoreTestTasklet}). */
@Configuration(proxyBeanMethods = false)
class RestoreTestJobConfiguration {

	@Bean
	Job restoreTestJob(JobRepository jobRepository, Step restoreAndValidate, BackupStore backups) {
		return new JobBuilder("restore-test", jobRepository).validator(new KnownBackup(backups))
			.start(restoreAndValidate)
			.build();
	}

	@Bean
	Step restoreAndValidate(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RestoreTestTasklet restoreTestTasklet) {
		return new StepBuilder("restore-and-validate", jobRepository).tasklet(restoreTestTasklet, transactionManager)
			.build();
	}

	/** {@code flowbatch.restore.target-*}: each defaults to the application's own {@code spring.datasource.*}. */
	@Bean
	RestoreTarget restoreTarget(DataSourceProperties connection, DataSource dataSource, PostgresClient postgres,
			@Value("${flowbatch.restore.target-url:}") String url,
			@Value("${flowbatch.restore.target-username:}") String username,
			@Value("${flowbatch.restore.target-password:}") String password) {
		boolean own = url.isBlank();
		return new RestoreTarget(own ? connection.determineUrl() : url,
				username.isBlank() ? connection.determineUsername() : username,
				(own && username.isBlank()) ? connection.determinePassword() : password, dataSource, postgres);
	}

	@Bean
	@StepScope
	RestoreTestTasklet restoreTestTasklet(RestoreTarget restoreTarget, BackupIntegrity integrity, JobMetrics metrics,
			@Value("${flowbatch.restore.rto-target:1h}") Duration rtoTarget,
			@Value("#{jobParameters['backup']}") String backup, @Value("#{jobParameters['jobs']}") Long jobs,
			@Value("#{jobParameters['keep']}") Object keep) {
		return new RestoreTestTasklet(restoreTarget, integrity, metrics, rtoTarget, backup, jobs,
				Boolean.parseBoolean(String.valueOf(keep)));
	}

}
