package io.flowbatch.partitioning;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * After a remote-partitioned manager step: a partition still STARTING or STARTED then is lost (its worker died, or no
 * worker took it before the timeout) and is marked FAILED, so that the execution is not seen as running any more and
 * {@code restart} runs that partition again. A late worker can then no longer record it: its next update loses the
 * version check, and its request is refused for not being STARTING; a partition's deletes commit with its export and
 * verification, so whatever it had committed is simply not there to re-plan.
 */
public final class LostPartitions implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(LostPartitions.class);

	private final JobRepository jobRepository;

	private final String workerStepName;

	public LostPartitions(JobRepository jobRepository, String workerStepName) {
		this.jobRepository = jobRepository;
		this.workerStepName = workerStepName;
	}

	@Override
	public @Nullable ExitStatus afterStep(StepExecution managerStep) {
		for (StepExecution partition : this.jobRepository.getJobExecution(managerStep.getJobExecutionId())
			.getStepExecutions()) {
			if (partition.getStepName().startsWith(this.workerStepName + ":") && partition.getStatus().isRunning()) {
				logger.warn("Partition {} (step execution {}) is lost: still {} when the manager step ended",
						partition.getStepName(), partition.getId(), partition.getStatus());
				partition.setStatus(BatchStatus.FAILED);
				partition.setExitStatus(ExitStatus.FAILED.addExitDescription(
						"lost: not finished within flowbatch.remote-partitioning.timeout (worker died or none took it)"));
				partition.setEndTime(LocalDateTime.now());
				this.jobRepository.update(partition);
			}
		}
		return null;
	}

}
