package io.flowbatch.archive;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

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

}
