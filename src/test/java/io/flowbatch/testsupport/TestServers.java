package io.flowbatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the real servers a test class needs (once per JVM) and applies the migrations, as a first run would. */
public final class TestServers {

	private TestServers() {
	}

	public static void startDatabase() {
		TestPostgres.get();
		CliRun migrated = CliRun.of("migrate");
		assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
	}

	public static void startDatabaseAndS3() {
		TestS3.get();
		startDatabase();
	}

}
