package io.flowbatch.pitr;

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
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** pitr-test: the point-in-time-recovery drill ({@link PitrDrillTasklet}). */
@Configuration(proxyBeanMethods = false)
class PitrTestJobConfiguration {

	@Bean
	Job pitrTestJob(JobRepository jobRepository, Step pitrDrill) {
		return new JobBuilder("pitr-test", jobRepository).validator(readableTarget()).start(pitrDrill).build();
	}

	@Bean
	Step pitrDrill(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PitrDrillTasklet pitrDrillTasklet) {
		return new StepBuilder("drill", jobRepository).tasklet(pitrDrillTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	PitrDrillTasklet pitrDrillTasklet(PgBackRest pgBackRest, WalContinuity walContinuity, Markers markers,
			JdbcClient jdbc, PlatformTransactionManager transactionManager, DataSourceProperties connection,
			PitrProperties properties, JobMetrics metrics, @Value("#{jobParameters['target']}") String target) {
		return new PitrDrillTasklet(pgBackRest, walContinuity, markers, jdbc,
				WalArchiveCheckJobConfiguration.ownTransaction(transactionManager), connection, properties, metrics,
				target);
	}

	private static JobParametersValidator readableTarget() {
		return (parameters) -> {
			try {
				TargetTime.parse(parameters.getString("target"));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJobParametersException(ex.getMessage());
			}
		};
	}

}
