package io.flowbatch.execution;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;

/**
 * Runs jobs off the CLI thread: {@code JobOperator.start} then returns at once with the execution id, which the CLI
 * prints first, while the CLI follows progress, forwards SIGTERM as a stop, and waits here for the end.
 */
@Configuration(proxyBeanMethods = false)
public class JobRunThreads {

	private final ExecutorService executor = Executors.newCachedThreadPool(new NamedThreads());

	@Bean
	@BatchTaskExecutor
	TaskExecutor jobRunTaskExecutor() {
		return new TaskExecutorAdapter(this.executor);
	}

	/** Waits until every job started in this JVM has ended; false when the timeout came first. */
	public boolean awaitAllEnded(Duration timeout) throws InterruptedException {
		this.executor.shutdown();
		return this.executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static final class NamedThreads implements java.util.concurrent.ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			return new Thread(runnable, "job-run-" + this.count.incrementAndGet());
		}

	}

}
