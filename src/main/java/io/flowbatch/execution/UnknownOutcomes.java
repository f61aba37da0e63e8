package io.flowbatch.execution;

import java.time.LocalDateTime;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Marks FAILED an execution that Spring Batch ended UNKNOWN, so that it can be restarted.
 * <p>
 * Since 6.0.6 a chunk transaction whose commit or rollback threw (its database session lost: terminated, idle
 * timeout, network cut) ends its step UNKNOWN: Spring Batch cannot tell whether that transaction committed, so it
 * refuses to restart the step and asks for "manual intervention"; its own {@code JobOperator.recover} and
 * {@code abandon} leave UNKNOWN as it is. For flowbatch's jobs the answer does not matter: each chunk's writes and
 * the step's position (its execution context) commit in one PostgreSQL transaction, and what a step does outside
 * PostgreSQL is repeatable (archive objects are recorded before they are uploaded and verified against PostgreSQL
 * before anything is deleted). Whichever way the last transaction went, the committed state is consistent and a
 * restart continues from it: the same guarantee that lets {@code recover} restart an execution whose JVM was killed
 * mid-chunk (the kill tests).
 */
@Component
public class UnknownOutcomes {

	private final JobRepository jobRepository;

	public UnknownOutcomes(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/**
	 * Marks the execution and its UNKNOWN or unfinished steps FAILED, keeping their exit descriptions (the root
	 * cause) after a line that says so. The caller has checked that no process runs the execution.
	 */
	public JobExecution markFailed(JobExecution execution) {
		LocalDateTime now = LocalDateTime.now();
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(recovered(step.getExitStatus()));
				if (step.getEndTime() == null) {
					step.setEndTime(now);
				}
				this.jobRepository.update(step);
			}
		}
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(recovered(execution.getExitStatus()));
		if (execution.getEndTime() == null) {
			execution.setEndTime(now);
		}
		this.jobRepository.update(execution);
		return execution;
	}

	private static ExitStatus recovered(ExitStatus unknown) {
		String note = "Marked FAILED by 'flowbatch recover': Spring Batch could not record whether the last chunk"
				+ " transaction committed (" + unknown.getExitCode() + "); a restart continues from what committed.";
		String cause = unknown.getExitDescription();
		return new ExitStatus(ExitStatus.FAILED.getExitCode(), cause.isEmpty() ? note : note + "\n" + cause);
	}

}
