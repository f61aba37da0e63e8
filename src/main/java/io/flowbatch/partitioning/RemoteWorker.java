package io.flowbatch.partitioning;

import java.util.concurrent.CountDownLatch;

import io.flowbatch.archive.ArchivePipeline;
import io.flowbatch.config.FlowbatchProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * {@code flowbatch worker}: consumes partition requests of any archive job ({@link PartitionWorker}) until SIGTERM,
 * which stops the running partition at its next chunk boundary (it ends STOPPED; the manager's step then ends
 * STOPPED and {@code restart} resumes it) and consumes nothing more. A broker lost later is reconnected to.
 */
@Component
public class RemoteWorker {

	private static final Logger logger = LoggerFactory.getLogger(RemoteWorker.class);

	private final ConnectionFactory connectionFactory;

	private final JobRepository jobRepository;

	private final ArchivePipeline pipeline;

	private final RemotePartitioningProperties properties;

	private final FlowbatchProperties flowbatch;

	RemoteWorker(ConnectionFactory connectionFactory, JobRepository jobRepository, ArchivePipeline pipeline,
			RemotePartitioningProperties properties, FlowbatchProperties flowbatch) {
		this.connectionFactory = connectionFactory;
		this.jobRepository = jobRepository;
		this.pipeline = pipeline;
		this.properties = properties;
		this.flowbatch = flowbatch;
	}

	/**
	 * Consumes until SIGTERM.
	 * @throws org.springframework.amqp.AmqpConnectException when the broker cannot be reached at start
	 */
	public void consumeUntilSigterm() throws InterruptedException {
		// Connecting once first makes an unreachable broker a start-up failure, not endless retries; it also has the
		// broker declare the queues.
		try (Connection connection = this.connectionFactory.createConnection()) {
			logger.info("Connected to the broker; consuming partition requests from {}", this.properties.queue());
		}
		PartitionWorker worker = new PartitionWorker(this.jobRepository, this.pipeline::workerStep);
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(this.connectionFactory);
		container.setQueueNames(this.properties.queue());
		container.setConcurrentConsumers(this.properties.concurrency());
		// One request at a time per consumer: the others stay in the queue for the other workers.
		container.setPrefetchCount(1);
		container.setDefaultRequeueRejected(false);
		container.setShutdownTimeout(this.flowbatch.shutdownGracePeriod().toMillis());
		container.setMessageListener(worker);
		container.afterPropertiesSet();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			logger.info("SIGTERM: stopping the running partition at its next chunk boundary");
			worker.stopRunningPartition();
			container.stop();
			stopped.countDown();
		}, "stop-worker-on-sigterm"));
		container.start();
		stopped.await();
	}

}
