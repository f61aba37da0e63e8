package io.flowbatch.partitioning;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.MessageChannel;

import java.nio.charset.StandardCharsets;

/**
 * The manager's side of remote partitioning: the channel a {@code RemotePartitioningManagerStepBuilder} sends its
 * {@link StepExecutionRequest}s to, each published to the partition queue as a persistent message whose body is the
 * worker step execution's id and whose headers name the job and the worker step, so that a worker can refuse what it
 * does not know before it touches anything.
 */
public final class PartitionRequests {

	public static final String JOB_HEADER = "flowbatch-job";

	public static final String STEP_HEADER = "flowbatch-step";

	private final RabbitTemplate rabbit;

	private final String queue;

	public PartitionRequests(RabbitTemplate rabbit, String queue) {
		this.rabbit = rabbit;
		this.queue = queue;
	}

	/** A channel publishing the requests of {@code jobName}'s partitioned step to the partition queue. */
	public MessageChannel channel(String jobName) {
		DirectChannel channel = new DirectChannel();
		channel.subscribe((message) -> this.rabbit.send("", this.queue,
				message(jobName, (StepExecutionRequest) message.getPayload())));
		return channel;
	}

	static Message message(String jobName, StepExecutionRequest request) {
		return MessageBuilder.withBody(request.getStepExecutionId().toString().getBytes(StandardCharsets.US_ASCII))
			.setContentType("text/plain")
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setHeader(JOB_HEADER, jobName)
			.setHeader(STEP_HEADER, request.getStepName())
			.build();
	}

}
