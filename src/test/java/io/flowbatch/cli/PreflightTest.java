package io.flowbatch.cli;

import java.util.List;

import io.flowbatch.testsupport.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad parameters and settings are refused (exit 2) before anything connects: here, no database listens at all. */
class PreflightTest {

	private String databaseUrl;

	@BeforeEach
	void databaseDown() {
		this.databaseUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/flowbatch");
	}

	@AfterEach
	void restore() {
		if (this.databaseUrl != null) {
			System.setProperty("spring.datasource.url", this.databaseUrl);
		}
		else {
			System.clearProperty("spring.datasource.url");
		}
		for (String property : List.of("flowbatch.archive.workers", "flowbatch.retention.min-days",
				"flowbatch.pushgateway.url")) {
			System.clearProperty(property);
		}
	}

	@Test
	void badParametersAreExitTwoEvenWhenTheDatabaseIsDown() {
		CliRun run = CliRun.of("run", "webhook-archive", "before=someday");

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
		assertThat(run.err()).contains("before");
	}

	@Test
	void settingsThatWouldMisbehaveAreExitTwoBeforeAnythingConnects() {
		System.setProperty("flowbatch.archive.workers", "50");
		System.setProperty("flowbatch.retention.min-days", "0");
		System.setProperty("flowbatch.pushgateway.url", "pushgateway:9091");

		CliRun run = CliRun.of("run", "flow-item-retention");
		CliRun restart = CliRun.of("restart", "1");

		for (CliRun refused : List.of(run, restart)) {
			assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
			assertThat(refused.err()).contains("flowbatch.archive.workers must be between 1 and 3")
				.contains("flowbatch.retention.min-days must be at least 1 day")
				.contains("flowbatch.pushgateway.url 'pushgateway:9091' is not an http or https URL")
				.contains("nothing was started");
		}
	}

	@Test
	void goodInputWithTheDatabaseDownIsExitThree() {
		CliRun run = CliRun.of("run", "webhook-archive");

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
	}

}
