package io.flowbatch.execution;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Asks a running execution to stop by marking it STOPPING in the job repository; its step sees this when it commits
 * its next chunk (SimpleJobRepository.update(StepExecution) synchronises the status) and ends STOPPED, restartable.
 * <p>
 * Spring Batch 6.0's {@code JobOperator.stop} (6.0.4 to 6.0.6) does this and more: it also calls {@code StoppableStep.stop} and
 * saves the running step's execution context from the calling thread. That save races the chunk in flight: it waits
 * for the chunk's row lock and then overwrites the committed reader position with an older one, so the restart
 * processes a committed chunk again (or, if the chunk rolls back, skips it). Stopping through the repository alone
 * leaves every write of step state to the step's own thread, inside its chunk transactions.
 */
@Component
public class StopRequests {

	private final JobRepository jobRepository;

	public StopRequests(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	public void request(long executionId) throws JobExecutionNotRunningException {
		JobExecution execution = this.jobRepository.getJobExecution(executionId);
		if (execution == null || !execution.isRunning()) {
			throw new JobExecutionNotRunningException("execution " + executionId + " is not running"
					+ ((execution != null) ? " (" + execution.getStatus() + ")" : ""));
		}
		execution.setStatus(BatchStatus.STOPPING);
		this.jobRepository.update(execution);
	}

}
