package io.flowbatch.dailymetrics;

import java.time.LocalDate;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * daily-metrics: recomputes {@code team_daily_metrics} for the days {@code date - lookbackDays .. date}, a chunk of
 * days per transaction (idempotent upserts, restartable per chunk), then refreshes {@code current_flow_metrics}.
 */
@Configuration(proxyBeanMethods = false)
class DailyMetricsJobConfiguration {

	@Bean
	Job dailyMetricsJob(JobRepository jobRepository, Step recomputeDays, Step refreshCurrentFlowMetrics,
			JdbcClient jdbc, JobMetrics metrics) {
		return new JobBuilder("daily-metrics", jobRepository).validator(new IncompleteHistoryGuard(jdbc))
			.listener(new TeamMetricsReport(jdbc, metrics))
			.start(recomputeDays)
			.next(refreshCurrentFlowMetrics)
			.build();
	}

	@Bean
	Step recomputeDays(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DayRangeReader dailyMetricsDays, DailyMetricsWriter dailyMetricsWriter, DailyMetricsProperties properties) {
		return new StepBuilder("recompute-days", jobRepository).<LocalDate, LocalDate>chunk(properties.daysPerChunk())
			.reader(dailyMetricsDays)
			.writer(dailyMetricsWriter)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	@StepScope
	DayRangeReader dailyMetricsDays(@Value("#{jobParameters['date']}") LocalDate date,
			@Value("#{jobParameters['lookbackDays']}") Long lookbackDays) {
		return new DayRangeReader(date.minusDays(lookbackDays), date);
	}

	@Bean
	@StepScope
	DailyMetricsWriter dailyMetricsWriter(JdbcClient jdbc, DailyMetricsProperties properties,
			@Value("#{stepExecution.jobExecutionId}") Long executionId, JobMetrics metrics) {
		return new DailyMetricsWriter(jdbc, properties.zone().getId(), executionId, metrics);
	}

	@Bean
	Step refreshCurrentFlowMetrics(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcClient jdbc) {
		String refresh = SqlFiles.read("queries/daily-metrics/refresh-current-flow-metrics.sql");
		return new StepBuilder("refresh-current-flow-metrics", jobRepository).tasklet((contribution, context) -> {
			jdbc.sql(refresh).update();
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
