package io.flowbatch.cli;

import java.time.LocalDate;
import java.util.Map;

import io.flowbatch.catalog.JobDefinition;
import io.flowbatch.config.SettingsCheck;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What {@code run} and {@code restart} check before anything connects: the settings ({@link SettingsCheck}) and a
 * run's parameters against the catalog. It reads the configuration exactly as the application will (Spring Boot's
 * config data: application.yml, external files, environment, system properties) in a context that starts nothing
 * else, so bad input is exit 2 even when the database or S3 is down.
 */
final class Preflight {

	private Preflight() {
	}

	/** @param job the job to run and its parameters as given, or null for a restart (its parameters are stored) */
	static void check(JobDefinition job, Map<String, String> given) {
		try (ConfigurableApplicationContext settings = new SpringApplicationBuilder(SettingsOnly.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.run()) {
			Environment environment = settings.getEnvironment();
			SettingsCheck.check(environment);
			if (job != null) {
				job.resolveParameters(given, LocalDate.now(OperatorCommands.zoneOf(job, environment)),
						environment::getProperty);
			}
		}
	}

	/** No beans: the context only loads the configuration. */
	@Configuration(proxyBeanMethods = false)
	static class SettingsOnly {

	}

}
