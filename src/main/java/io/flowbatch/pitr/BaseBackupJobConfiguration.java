package io.flowbatch.pitr;

import java.util.Set;

import io.flowbatch.metrics.JobMetrics;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** base-backup: a pgBackRest backup set (full, diff or incr) of the stanza ({@link BaseBackupTasklet}). */
@Configuration(proxyBeanMethods = false)
class BaseBackupJobConfiguration {

	static final Set<String> TYPES = Set.of("full", "diff", "incr");

	@Bean
	Job baseBackupJob(JobRepository jobRepository, Step pgbackrestBackup) {
		return new JobBuilder("base-backup", jobRepository).validator(knownType()).start(pgbackrestBackup).build();
	}

	@Bean
	Step pgbackrestBackup(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			BaseBackupTasklet baseBackupTasklet) {
		return new StepBuilder("pgbackrest-backup", jobRepository).tasklet(baseBackupTasklet, transactionManager)
			.build();
	}

	@Bean
	@StepScope
	BaseBackupTasklet baseBackupTasklet(PgBackRest pgBackRest, JobMetrics metrics,
			@Value("#{jobParameters['type']}") String type) {
		return new BaseBackupTasklet(pgBackRest, metrics, type);
	}

	private static JobParametersValidator knownType() {
		return (parameters) -> {
			String type = parameters.getString("type");
			if (type != null && !TYPES.contains(type)) {
				throw new InvalidJobParametersException("type must be full, diff or incr, not '" + type + "'");
			}
		};
	}

}
