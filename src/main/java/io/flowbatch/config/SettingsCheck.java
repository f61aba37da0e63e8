package io.flowbatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.PropertyResolver;

/**
 * The settings that would make a job misbehave rather than fail, checked before anything connects: a run is refused
 * (exit 2) instead of archiving with no retention floor, starving its own connection pool, or completing only to
 * fail its metrics push.
 */
public final class SettingsCheck {

	/**
	 * Connections an archive worker holds at once: its partition's transaction, and a second one that commits each
	 * upload attempt before the upload starts.
	 */
	static final int CONNECTIONS_PER_WORKER = 2;

	/** Connections a run holds besides its workers: the liveness and job locks, and one for the job repository. */
	static final int CONNECTIONS_PER_RUN = 3;

	private SettingsCheck() {
	}

	/** @throws InvalidSettingsException listing every problem found */
	public static void check(PropertyResolver settings) {
		List<String> problems = new ArrayList<>();
		for (String floor : List.of("flowbatch.archive.min-retention-days", "flowbatch.retention.min-days")) {
			Long days = number(settings, floor, problems);
			if (days != null && days < 1) {
				problems.add(floor + " must be at least 1 day, got " + days);
			}
		}
		Long pool = number(settings, "spring.datasource.hikari.maximum-pool-size", problems);
		for (String workers : List.of("flowbatch.archive.workers", "flowbatch.retention.workers")) {
			Long count = number(settings, workers, problems);
			if (count == null || pool == null) {
				continue;
			}
			long most = Math.max(0, (pool - CONNECTIONS_PER_RUN) / CONNECTIONS_PER_WORKER);
			if (count < 1 || count > most) {
				problems.add(workers + " must be between 1 and " + most + " (each worker needs "
						+ CONNECTIONS_PER_WORKER + " of the pool's " + pool + " connections, a run "
						+ CONNECTIONS_PER_RUN + " more: spring.datasource.hikari.maximum-pool-size), got " + count);
			}
		}
		String pushgateway = settings.getProperty("flowbatch.pushgateway.url", "");
		if (!pushgateway.isBlank()) {
			String problem = urlProblem(pushgateway);
			if (problem != null) {
				problems.add("flowbatch.pushgateway.url '" + pushgateway + "' " + problem);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidSettingsException(String.join("; ", problems));
		}
	}

	private static Long number(PropertyResolver settings, String name, List<String> problems) {
		String value = settings.getProperty(name);
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			problems.add(name + " must be a whole number, got '" + value + "'");
			return null;
		}
	}

	private static String urlProblem(String url) {
		try {
			URI uri = new URI(url);
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				return "is not an http or https URL";
			}
			return (uri.getHost() == null) ? "has no host" : null;
		}
		catch (URISyntaxException ex) {
			return "is not a URL: " + ex.getReason();
		}
	}

}
