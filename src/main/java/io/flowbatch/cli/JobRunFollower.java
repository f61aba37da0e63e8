package io.flowbatch.cli;

import java.io.Console;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.flowbatch.config.FlowbatchProperties;
import io.flowbatch.execution.JobRunThreads;
import io.flowbatch.execution.StopRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Follows an execution started by {@code run} or {@code restart}: prints its id first, shows progress on a terminal,
 * turns SIGTERM into a graceful stop (the execution ends STOPPED and restartable, never left STARTED), and maps the
 * final status to the exit code.
 */
@Component
class JobRunFollower {

	private static final Logger logger = LoggerFactory.getLogger(JobRunFollower.class);

	private final StopRequests stopRequests;

	private final JobRepository jobRepository;

	private final JobRunThreads jobRunThreads;

	private final ExecutionReports reports;

	private final FlowbatchProperties properties;

	private final CliOutput output;

	JobRunFollower(StopRequests stopRequests, JobRepository jobRepository, JobRunThreads jobRunThreads,
			ExecutionReports reports, FlowbatchProperties properties, CliOutput output) {
		this.stopRequests = stopRequests;
		this.jobRepository = jobRepository;
		this.jobRunThreads = jobRunThreads;
		this.reports = reports;
		this.properties = properties;
		this.output = output;
	}

	ExitCode follow(JobExecution execution) {
		this.output.out().println("execution-id: " + execution.getId());
		this.output.out().flush();
		CountDownLatch reported = new CountDownLatch(1);
		Thread stopOnSigterm = new Thread(() -> stopGracefully(execution, reported), "flowbatch-sigterm");
		Runtime.getRuntime().addShutdownHook(stopOnSigterm);
		boolean terminal = isTerminal();
		ExecutionProgress progress = new ExecutionProgress();
		Thread progressThread = startProgress(execution.getId(), progress, terminal);
		try {
			awaitEnd();
			if (progressThread != null) {
				progressThread.interrupt();
				if (terminal) {
					this.output.err().println();
				}
				else {
					// The totals reached, for the log: what the run did of what it planned.
					logger.info("Progress: {}", progressLine(progress, execution.getId()));
				}
			}
			JobExecution ended = this.jobRepository.getJobExecution(execution.getId());
			this.reports.status(ended);
			return exitCode(ended.getStatus());
		}
		finally {
			reported.countDown();
			removeHook(stopOnSigterm);
		}
	}

	private void awaitEnd() {
		try {
			// A job runs until it ends; SIGTERM and 'stop' end it through the job repository.
			while (!this.jobRunThreads.awaitAllEnded(Duration.ofHours(1))) {
				logger.debug("still running");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for the execution to end");
		}
	}

	private void stopGracefully(JobExecution execution, CountDownLatch reported) {
		Duration grace = this.properties.shutdownGracePeriod();
		logger.warn("SIGTERM: stopping execution {} at its next chunk boundary (waiting up to {})", execution.getId(),
				grace);
		try {
			this.stopRequests.request(execution.getId());
		}
		catch (JobExecutionNotRunningException ex) {
			return;
		}
		catch (RuntimeException ex) {
			logger.error("Could not stop execution {}: {}", execution.getId(), ex.getMessage());
			return;
		}
		try {
			if (!reported.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.error("Execution {} did not stop within {}; if the JVM is killed now it stays STARTED: use"
						+ " 'flowbatch recover {}' then 'flowbatch restart {}'", execution.getId(), grace,
						execution.getId(), execution.getId());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * On a terminal, a line on stderr redrawn every 2 s; otherwise (cron, Kubernetes, a pipe) a log line every
	 * {@code flowbatch.progress-interval} (30 s; 0 turns it off), so that a long run is not silent until it ends.
	 */
	private Thread startProgress(long executionId, ExecutionProgress progress, boolean terminal) {
		Duration interval = terminal ? Duration.ofSeconds(2) : this.properties.progressInterval();
		if (interval.isZero() || interval.isNegative()) {
			return null;
		}
		Thread thread = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					Thread.sleep(interval.toMillis());
					String line = progressLine(progress, executionId);
					if (terminal) {
						this.output.err().print("\r" + String.format("%-110s", line));
						this.output.err().flush();
					}
					else {
						logger.info("Progress: {}", line);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.debug("progress display stopped: {}", ex.getMessage());
			}
		}, "flowbatch-progress");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private String progressLine(ExecutionProgress progress, long executionId) {
		JobExecution execution = this.jobRepository.getJobExecution(executionId);
		List<JobExecution> instanceExecutions = this.jobRepository.getJobExecutions(execution.getJobInstance());
		JobExecution current = instanceExecutions.stream()
			.filter((candidate) -> candidate.getId() == executionId)
			.findFirst()
			.orElse(execution);
		return progress.line(instanceExecutions, current, System.nanoTime());
	}

	/** Before Java 22 {@code System.console()} is null unless stdin and stdout are a terminal; since, it asks. */
	private static boolean isTerminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			return (boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	static ExitCode exitCode(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> ExitCode.OK;
			case STOPPED, STOPPING -> ExitCode.JOB_STOPPED;
			default -> ExitCode.JOB_FAILED;
		};
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook is running and ends with the latch.
		}
	}

}
