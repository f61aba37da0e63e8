package io.flowbatch.partitioning;

import java.util.Map;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The partition queue (durable; refused requests are dead-lettered to its {@code .refused} queue) and the manager's
 * publisher. Nothing here connects until a remote-partitioned step sends or a worker starts: local partitioning, the
 * default, needs no broker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RemotePartitioningProperties.class)
class RemotePartitioningConfiguration {

	@Bean
	Queue partitionRequestQueue(RemotePartitioningProperties properties) {
		return new Queue(properties.queue(), true, false, false, Map.of("x-dead-letter-exchange", "",
				"x-dead-letter-routing-key", properties.refusedQueue()));
	}

	@Bean
	Queue refusedPartitionRequestQueue(RemotePartitioningProperties properties) {
		return new Queue(properties.refusedQueue(), true);
	}

	@Bean
	PartitionRequests partitionRequests(RabbitTemplate rabbit, RemotePartitioningProperties properties) {
		return new PartitionRequests(rabbit, properties.queue());
	}

}
