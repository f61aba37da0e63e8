package io.flowbatch.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where every run pushes its metrics ({@code flowbatch.pushgateway.*}).
 * @param url the Pushgateway's base URL, e.g. {@code http://pushgateway:9091}; empty: no push
 * @param job the {@code job} label of the pushed group; each flowbatch job is its own group under it, keyed
 * {@code job_name}
 * @param timeout how long a push may take before the run gives up on it (a push never changes a run's outcome)
 */
@ConfigurationProperties("flowbatch.pushgateway")
public record PushgatewayProperties(@DefaultValue("") String url, @DefaultValue("flowbatch") String job,
		@DefaultValue("10s") Duration timeout) {
}
