package io.flowbatch.cli;

import java.time.Duration;
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
import org.springframework.batch.core.step.StepExecution;
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
		Thread progress = (System.console() != null) ? startProgress(execution.getId()) : null;
		try {
			awaitEnd();
			if (progress != null) {
				progress.interrupt();
				this.output.err().println();
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

	private Thread startProgress(long executionId) {
		Thread progress = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					Thread.sleep(2000);
					this.output.err().print("\r" + progressLine(this.jobRepository.getJobExecution(executionId)));
					this.output.err().flush();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.debug("progress display stopped: {}", ex.getMessage());
			}
		}, "flowbatch-progress");
		progress.setDaemon(true);
		progress.start();
		return progress;
	}

	static String progressLine(JobExecution execution) {
		StepExecution current = execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus().isRunning())
			.findFirst()
			.orElse(null);
		if (current == null) {
			return String.format("%-90s", "execution " + execution.getId() + ": " + execution.getStatus());
		}
		return String.format("%-90s", "step " + current.getStepName() + ": read " + current.getReadCount()
				+ ", written " + current.getWriteCount() + ", skipped " + current.getSkipCount() + ", commits "
				+ current.getCommitCount());
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
