package io.flowbatch.partitioning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.remote-partitioning.*}: where partition requests go and how long the manager waits for them.
 *
 * @param queue the durable queue of partition requests (refused requests go to {@code QUEUE.refused})
 * @param timeout how long the manager step waits for all partitions; a partition still not done then is lost (its
 * worker died) and the step fails, to be completed by {@code recover}/{@code restart}
 * @param pollInterval how often the manager reads the workers' step executions from the job repository
 * @param concurrency partitions one worker JVM runs at a time
 */
@ConfigurationProperties("flowbatch.remote-partitioning")
public record RemotePartitioningProperties(@DefaultValue("flowbatch.archive-partitions") String queue,
		@DefaultValue("6h") Duration timeout, @DefaultValue("5s") Duration pollInterval,
		@DefaultValue("1") int concurrency) {

	public String refusedQueue() {
		return this.queue + ".refused";
	}

}
