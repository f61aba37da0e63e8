package io.flowbatch.partitioning;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * A worker JVM's consumer of partition requests. A request runs only when it names a job and worker step this JVM
 * knows, and a worker step execution of that job that no one has started yet ({@code STARTING}); anything else
 * (malformed, unknown job or step, a step execution already started, e.g. redelivered after its worker died) is
 * refused: logged and rejected without requeue, so that the broker dead-letters it. The manager then sees that
 * partition never finish and fails the step at its timeout; {@code recover}/{@code restart} completes it.
 */
public final class PartitionWorker implements MessageListener {

	private static final Logger logger = LoggerFactory.getLogger(PartitionWorker.class);

	private final JobRepository jobRepository;

	private final BiFunction<String, String, Optional<Step>> workerSteps;

	private volatile @Nullable StepExecution running;

	/** {@code workerSteps}: the worker step of a job name and step name, empty for any other. */
	public PartitionWorker(JobRepository jobRepository, BiFunction<String, String, Optional<Step>> workerSteps) {
		this.jobRepository = jobRepository;
		this.workerSteps = workerSteps;
	}

	@Override
	public void onMessage(Message message) {
		String job = header(message, PartitionRequests.JOB_HEADER);
		String stepName = header(message, PartitionRequests.STEP_HEADER);
		long stepExecutionId = stepExecutionId(message);
		Step step = this.workerSteps.apply(job, stepName)
			.orElseThrow(() -> refuse("unknown job or step: job '" + job + "', step '" + stepName + "'"));
		StepExecution stepExecution = stepExecution(stepExecutionId);
		String actualJob = stepExecution.getJobExecution().getJobInstance().getJobName();
		if (!actualJob.equals(job) || !stepExecution.getStepName().startsWith(stepName + ":")) {
			throw refuse("step execution " + stepExecutionId + " is " + actualJob + "/" + stepExecution.getStepName()
					+ ", not a partition of " + job + "/" + stepName);
		}
		if (stepExecution.getStatus() != BatchStatus.STARTING) {
			throw refuse("step execution " + stepExecutionId + " is " + stepExecution.getStatus()
					+ ", not STARTING: another worker has run it or is running it");
		}
		logger.info("Running partition {} ({} of {} execution {})", stepExecution.getStepName(), stepExecutionId, job,
				stepExecution.getJobExecutionId());
		StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
		handler.setJobRepository(this.jobRepository);
		handler.setStepLocator((name) -> step);
		this.running = stepExecution;
		try {
			StepExecution done = handler.handle(new StepExecutionRequest(stepName, stepExecutionId));
			logger.info("Partition {} ({} of {} execution {}) ended {}", stepExecution.getStepName(), stepExecutionId,
					job, stepExecution.getJobExecutionId(), done.getStatus());
		}
		finally {
			this.running = null;
		}
	}

	/** SIGTERM: the running partition stops at its next chunk boundary and ends STOPPED. */
	public void stopRunningPartition() {
		StepExecution stepExecution = this.running;
		if (stepExecution != null) {
			stepExecution.setTerminateOnly();
		}
	}

	private StepExecution stepExecution(long stepExecutionId) {
		StepExecution stepExecution;
		try {
			stepExecution = this.jobRepository.getStepExecution(stepExecutionId);
		}
		catch (EmptyResultDataAccessException ex) {
			stepExecution = null;
		}
		if (stepExecution == null) {
			throw refuse("no step execution " + stepExecutionId);
		}
		return stepExecution;
	}

	private static String header(Message message, String name) {
		Object value = message.getMessageProperties().getHeaders().get(name);
		if (!(value instanceof String text) || text.isBlank()) {
			throw refuse("malformed partition request: no " + name + " header");
		}
		return text;
	}

	private static long stepExecutionId(Message message) {
		String body = new String(message.getBody(), StandardCharsets.US_ASCII).strip();
		try {
			long id = Long.parseLong(body);
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw refuse("malformed partition request: body is not a step execution id");
	}

	private static AmqpRejectAndDontRequeueException refuse(String why) {
		logger.warn("Refused partition request (dead-lettered): {}", why);
		return new AmqpRejectAndDontRequeueException("refused partition request: " + why);
	}

}
