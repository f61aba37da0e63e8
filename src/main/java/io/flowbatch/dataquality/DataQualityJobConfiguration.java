package io.flowbatch.dataquality;

import java.util.List;

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
 * data-quality (read-only): step {@code check-rules} runs each {@link Rule}'s query, one rule per chunk (a restart
 * resumes with the first rule not recorded), recording counts and sample ids in {@code data_quality_findings}; step
 * {@code report} pushes the counts and their growth.
 */
@Configuration(proxyBeanMethods = false)
class DataQualityJobConfiguration {

	@Bean
	Job dataQualityJob(JobRepository jobRepository, Step checkDataQualityRules, Step reportDataQuality) {
		return new JobBuilder("data-quality", jobRepository).start(checkDataQualityRules).next(reportDataQuality).build();
	}

	@Bean
	Step checkDataQualityRules(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RuleCheck dataQualityRuleCheck, FindingsWriter dataQualityFindingsWriter) {
		return new StepBuilder("check-rules", jobRepository).<Rule, RuleFinding>chunk(1)
			.reader(new ResumableListReader<>(List.of(Rule.values())))
			.processor(dataQualityRuleCheck)
			.writer(dataQualityFindingsWriter)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	Step reportDataQuality(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DataQualityFindings findings, JobMetrics metrics) {
		return new StepBuilder("report", jobRepository)
			.tasklet(new DataQualityReport(findings, metrics), transactionManager)
			.build();
	}

	@Bean
	@StepScope
	RuleCheck dataQualityRuleCheck(NamedParameterJdbcTemplate jdbc, DataQualityProperties properties,
			@Value("#{jobParameters['pendingHours']}") Long pendingHours) {
		return new RuleCheck(jdbc, properties, pendingHours);
	}

	@Bean
	@StepScope
	FindingsWriter dataQualityFindingsWriter(NamedParameterJdbcTemplate jdbc,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new FindingsWriter(jdbc, executionId);
	}

}
