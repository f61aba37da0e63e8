package io.flowbatch.dbmaintenance;

import javax.sql.DataSource;

import io.flowbatch.batch.ResumableListReader;
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
 * db-maintenance (the design's daily, weekly and monthly maintenance): step {@code plan} decides what to do and keeps
 * it in the job's context; step {@code maintain} runs one statement per chunk (a restart resumes after the last one
 * recorded, e.g. at the next index), each with lock_timeout, recording outcomes in {@code db_maintenance_actions};
 * step {@code summary} reports and pushes them.
 */
@Configuration(proxyBeanMethods = false)
class DbMaintenanceJobConfiguration {

	@Bean
	Job dbMaintenanceJob(JobRepository jobRepository, NamedParameterJdbcTemplate jdbc, Step planMaintenance,
			Step runMaintenance, Step summarizeMaintenance) {
		return new JobBuilder("db-maintenance", jobRepository).validator(new MaintenanceParameters(jdbc))
			.start(planMaintenance)
			.next(runMaintenance)
			.next(summarizeMaintenance)
			.build();
	}

	@Bean
	Step planMaintenance(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			MaintenancePlanner maintenancePlanner) {
		return new StepBuilder("plan", jobRepository).tasklet(maintenancePlanner, transactionManager).build();
	}

	@Bean
	Step runMaintenance(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ResumableListReader<PlannedAction> plannedMaintenance, ActionRunner maintenanceActionRunner,
			OutcomeWriter maintenanceOutcomeWriter) {
		return new StepBuilder("maintain", jobRepository).<PlannedAction, ActionOutcome>chunk(1)
			.reader(plannedMaintenance)
			.processor(maintenanceActionRunner)
			.writer(maintenanceOutcomeWriter)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	Step summarizeMaintenance(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			NamedParameterJdbcTemplate jdbc, JobMetrics metrics) {
		return new StepBuilder("summary", jobRepository)
			.tasklet(new MaintenanceSummary(jdbc, metrics), transactionManager)
			.build();
	}

	@Bean
	@StepScope
	MaintenancePlanner maintenancePlanner(NamedParameterJdbcTemplate jdbc, DbMaintenanceProperties properties,
			@Value("#{jobParameters['level']}") String level, @Value("#{jobParameters['vacuumFull']}") String vacuumFull) {
		return new MaintenancePlanner(jdbc, properties, Level.of(level), MaintenancePlanner.tables(vacuumFull));
	}

	@Bean
	@StepScope
	ResumableListReader<PlannedAction> plannedMaintenance(
			@Value("#{jobExecutionContext['" + MaintenancePlanner.PLAN + "']}") String plan) {
		return new ResumableListReader<>(MaintenancePlanner.decode(plan));
	}

	@Bean
	@StepScope
	ActionRunner maintenanceActionRunner(DataSource dataSource, DbMaintenanceProperties properties,
			@Value("#{jobParameters['dryRun']}") Boolean dryRun) {
		return new ActionRunner(dataSource, properties, Boolean.TRUE.equals(dryRun));
	}

	@Bean
	@StepScope
	OutcomeWriter maintenanceOutcomeWriter(NamedParameterJdbcTemplate jdbc,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new OutcomeWriter(jdbc, executionId);
	}

}
