package io.flowbatch.restartprobe;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A test-only job with the shape of the real ones: a chunk-oriented step that reads with a restartable reader and
 * writes to PostgreSQL in the chunk's transaction. Numbers listed in {@code restart_probe_poison} fail the step, as
 * bad data would; the output table's primary key makes any double write fail loudly.
 */
@Configuration(proxyBeanMethods = false)
class RestartProbeJobConfiguration {

	record Copied(String run, long item) {
	}

	@Bean
	Job restartProbeJob(JobRepository jobRepository, Step restartProbePrepare, Step restartProbeCopy) {
		return new JobBuilder("restart-probe", jobRepository).start(restartProbePrepare).next(restartProbeCopy).build();
	}

	@Bean
	Step restartProbePrepare(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc) {
		return new StepBuilder("prepare", jobRepository).tasklet((contribution, context) -> {
			jdbc.execute("CREATE TABLE IF NOT EXISTS restart_probe_output (run TEXT, item BIGINT, execution_id BIGINT,"
					+ " PRIMARY KEY (run, item))");
			jdbc.execute("CREATE TABLE IF NOT EXISTS restart_probe_poison (run TEXT, item BIGINT)");
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	Step restartProbeCopy(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcCursorItemReader<Long> restartProbeReader, ItemProcessor<Long, Copied> restartProbeProcessor,
			JdbcBatchItemWriter<Copied> restartProbeWriter) {
		return new StepBuilder("copy", jobRepository).<Long, Copied>chunk(10)
			.reader(restartProbeReader)
			.processor(restartProbeProcessor)
			.writer(restartProbeWriter)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	@StepScope
	JdbcCursorItemReader<Long> restartProbeReader(DataSource dataSource,
			@Value("#{jobParameters['items']}") Long items) {
		return new JdbcCursorItemReaderBuilder<Long>().name("numbers")
			.dataSource(dataSource)
			.sql("SELECT n FROM generate_series(1, " + items + ") AS n ORDER BY n")
			.rowMapper((rs, rowNum) -> rs.getLong(1))
			.build();
	}

	@Bean
	@StepScope
	ItemProcessor<Long, Copied> restartProbeProcessor(JdbcTemplate jdbc, @Value("#{jobParameters['run']}") String run,
			@Value("#{jobParameters['sleepMs']}") Long sleepMs) {
		return (item) -> {
			Integer poisoned = jdbc.queryForObject(
					"SELECT count(*) FROM restart_probe_poison WHERE run = ? AND item = ?", Integer.class, run, item);
			if (poisoned != null && poisoned > 0) {
				throw new IllegalStateException("poison item " + item);
			}
			if (sleepMs > 0) {
				Thread.sleep(sleepMs);
			}
			return new Copied(run, item);
		};
	}

	@Bean
	@StepScope
	JdbcBatchItemWriter<Copied> restartProbeWriter(DataSource dataSource,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new JdbcBatchItemWriterBuilder<Copied>().dataSource(dataSource)
			.sql("INSERT INTO restart_probe_output (run, item, execution_id) VALUES (?, ?, " + executionId + ")")
			.itemPreparedStatementSetter((copied, ps) -> {
				ps.setString(1, copied.run());
				ps.setLong(2, copied.item());
			})
			.build();
	}

}
