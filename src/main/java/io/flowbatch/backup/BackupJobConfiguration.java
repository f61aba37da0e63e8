package io.flowbatch.backup;

import javax.sql.DataSource;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.storage.ObjectStore;

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

/**
 * backup: the dump, its globals and its manifest ({@link BackupDumpTasklet}), then retention
 * ({@link ExpiredBackupsTasklet}).
 */
@Configuration(proxyBeanMethods = false)
class BackupJobConfiguration {

	@Bean
	Job backupJob(JobRepository jobRepository, Step dumpToS3, Step deleteExpiredBackups) {
		return new JobBuilder("backup", jobRepository).start(dumpToS3).next(deleteExpiredBackups).build();
	}

	@Bean
	Step dumpToS3(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			BackupDumpTasklet backupDumpTasklet) {
		return new StepBuilder("dump", jobRepository).tasklet(backupDumpTasklet, transactionManager).build();
	}

	@Bean
	BackupDumpTasklet backupDumpTasklet(DataSource dataSource, PostgresClient postgres, ObjectStore objectStore,
			BackupStore backups, JobMetrics metrics) {
		return new BackupDumpTasklet(dataSource, postgres, objectStore, backups, metrics);
	}

	@Bean
	Step deleteExpiredBackups(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ExpiredBackupsTasklet expiredBackupsTasklet) {
		return new StepBuilder("delete-expired", jobRepository).tasklet(expiredBackupsTasklet, transactionManager)
			.build();
	}

	@Bean
	@StepScope
	ExpiredBackupsTasklet expiredBackupsTasklet(JdbcClient jdbc, BackupStore backups,
			@Value("#{jobParameters['keepDays']}") Long keepDays, @Value("#{jobParameters['keepLast']}") Long keepLast) {
		return new ExpiredBackupsTasklet(jdbc, backups, keepDays, keepLast);
	}

}
