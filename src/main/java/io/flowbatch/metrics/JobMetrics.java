package io.flowbatch.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The jobs' domain metrics (rows archived, backup size, restore RTO, ...), in the application's Micrometer registry
 * next to Spring Batch's own. One process runs one execution, so the values are those of this run; they are pushed
 * to a Pushgateway when it ends ({@link MetricsPush}).
 */
@Component
public class JobMetrics {

	private final MeterRegistry registry;

	private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

	public JobMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Adds to a counter once the current transaction commits (at once outside a transaction): work rolled back is not
	 * counted.
	 */
	public void countOnCommit(String name, long amount, String... tags) {
		Runnable increment = () -> this.registry.counter(name, tags).increment(amount);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					increment.run();
				}
			});
		}
		else {
			increment.run();
		}
	}

	/** Sets a gauge to a value of this run. */
	public void set(String name, double value, String... tags) {
		Tags gaugeTags = Tags.of(tags);
		this.gauges.computeIfAbsent(name + gaugeTags, (key) -> {
			AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
			Gauge.builder(name, holder, AtomicReference::get).tags(gaugeTags).register(this.registry);
			return holder;
		}).set(value);
	}

}
