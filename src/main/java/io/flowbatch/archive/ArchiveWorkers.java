package io.flowbatch.archive;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Concurrent archive workers (Spring Batch partitioning). Worker {@code i} of {@code n} finds {@code worker = i} and
 * {@code workers = n} in its step execution context; its reader plans only its share of the partitions, so two
 * workers never share one. Each worker is a step execution of its own: a failure or restart concerns only the workers
 * that did not complete, and each re-plans from PostgreSQL what is still there.
 */
public final class ArchiveWorkers {

	private ArchiveWorkers() {
	}

	/** A step running {@code worker} as {@code workers} concurrent step executions. */
	public static Step step(String name, JobRepository jobRepository, Step worker, int workers) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("archive-worker-");
		threads.setConcurrencyLimit(workers);
		return new StepBuilder(name, jobRepository).partitioner(worker.getName(), (gridSize) -> {
			Map<String, ExecutionContext> slices = new LinkedHashMap<>();
			for (int index = 0; index < gridSize; index++) {
				ExecutionContext slice = new ExecutionContext();
				slice.putInt("worker", index);
				slice.putInt("workers", gridSize);
				slices.put("worker" + index, slice);
			}
			return slices;
		}).step(worker).gridSize(workers).taskExecutor(threads).build();
	}

	/** A worker: one partition per chunk, so that a partition's export, verification and deletes commit together. */
	public static <P> Step worker(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ItemReader<P> partitions, ItemWriter<P> archiver) {
		return new StepBuilder("archive-worker", jobRepository).<P, P>chunk(1)
			.reader(partitions)
			.writer(archiver)
			.transactionManager(transactionManager)
			.build();
	}

	/**
	 * A worker's share of the partitions, from the job's plan query ({@code :cutoff}, {@code :workers},
	 * {@code :worker}). Re-planned on every (re)start: partitions already archived have nothing left to plan.
	 */
	public static <P> JdbcCursorItemReader<P> partitions(DataSource dataSource, String plan, LocalDate before,
			int worker, int workers, RowMapper<P> partition) {
		return new JdbcCursorItemReaderBuilder<P>().name("partitions")
			.dataSource(dataSource)
			.saveState(false)
			.sql(plan.replace(":cutoff", "?").replace(":workers", "?").replace(":worker", "?"))
			.queryArguments(Timestamp.valueOf(before.atStartOfDay()), workers, worker)
			.rowMapper(partition)
			.build();
	}

}
