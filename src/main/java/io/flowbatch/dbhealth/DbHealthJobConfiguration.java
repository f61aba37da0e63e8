package io.flowbatch.dbhealth;

import java.time.LocalDate;
import java.util.List;

import io.flowbatch.batch.ResumableListReader;
import io.flowbatch.metrics.JobMetrics;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * db-health (daily report, read-only on the flow-metrics data): step {@code sizes} records the day's table, index and
 * database sizes; step {@code checks} runs each {@link Section}, one per chunk (a restart resumes with the first not
 * recorded), into {@code db_health_findings}; step {@code report} pushes the figures the alerts watch.
 */
@Configuration(proxyBeanMethods = false)
class DbHealthJobConfiguration {

	@Bean
	Job dbHealthJob(JobRepository jobRepository, Step recordDbHealthSizes, Step checkDbHealth, Step reportDbHealth) {
		return new JobBuilder("db-health", jobRepository).start(recordDbHealthSizes)
			.next(checkDbHealth)
			.next(reportDbHealth)
			.build();
	}

	@Bean
	Step recordDbHealthSizes(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet dbHealthSizeSnapshot) {
		return new StepBuilder("sizes", jobRepository).tasklet(dbHealthSizeSnapshot, transactionManager).build();
	}

	@Bean
	Step checkDbHealth(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SectionCheck dbHealthSectionCheck, HealthFindingsWriter dbHealthFindingsWriter) {
		return new StepBuilder("checks", jobRepository).<Section, List<HealthFinding>>chunk(1)
			.reader(new ResumableListReader<>(List.of(Section.values())))
			.processor(dbHealthSectionCheck)
			.writer(dbHealthFindingsWriter)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	Step reportDbHealth(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet dbHealthReportTasklet) {
		return new StepBuilder("report", jobRepository).tasklet(dbHealthReportTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	SizeSnapshot dbHealthSizeSnapshot(NamedParameterJdbcTemplate jdbc,
			@Value("#{jobParameters['date']}") LocalDate date) {
		return new SizeSnapshot(jdbc, date);
	}

	@Bean
	@StepScope
	SectionCheck dbHealthSectionCheck(NamedParameterJdbcTemplate jdbc, DbHealthProperties properties,
			@Value("#{jobParameters['date']}") LocalDate date) {
		return new SectionCheck(jdbc, properties, date);
	}

	@Bean
	@StepScope
	HealthFindingsWriter dbHealthFindingsWriter(NamedParameterJdbcTemplate jdbc,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new HealthFindingsWriter(jdbc, executionId);
	}

	@Bean
	@StepScope
	DbHealthReport dbHealthReportTasklet(DbHealthFindings findings, NamedParameterJdbcTemplate jdbc, JobMetrics metrics,
			@Value("#{jobParameters['date']}") LocalDate date) {
		return new DbHealthReport(findings, jdbc, metrics, date);
	}

}
