package io.flowbatch.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code status} and {@code history} read; they never migrate. Against a schema older than the jar they refuse with
 * one line and leave the database as it was; a newer schema is read with a warning.
 */
class ReadOnlyVerbsTest {

	private static int databases;

	private String defaultUrl;

	private JdbcClient database;

	@BeforeEach
	void useAFreshDatabase() {
		TestPostgres postgres = TestPostgres.get();
		String name = "flowbatch_read_only_" + (++databases);
		postgres.createDatabase(name);
		this.database = JdbcClient.create(postgres.dataSource(name));
		this.defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl(name));
	}

	@AfterEach
	void restoreDatabase() {
		System.setProperty("spring.datasource.url", this.defaultUrl);
	}

	@Test
	void onADatabaseWithoutTheSchemaTheyRefuseAndCreateNothing() {
		CliRun history = CliRun.of("history");
		CliRun status = CliRun.of("status", "1");

		assertThat(history.exitCode()).as(history.toString()).isEqualTo(2);
		assertThat(history.err().strip()).isEqualTo("flowbatch: the database has no flowbatch schema yet; run"
				+ " 'flowbatch migrate' (or any job), which creates it, then try again");
		assertThat(status.exitCode()).isEqualTo(2);
		assertThat(tables()).isZero();
	}

	@Test
	void onASchemaOlderThanTheJarTheyRefuseAndDoNotMigrate() {
		assertThat(CliRun.of("migrate").exitCode()).isZero();
		int latest = SchemaVersion.latestMigrationInJar();
		this.database.sql("DELETE FROM flyway_schema_history WHERE version = :latest")
			.param("latest", String.valueOf(latest))
			.update();

		int applied = this.database.sql("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history")
			.query(Integer.class)
			.single();

		CliRun history = CliRun.of("history");

		assertThat(history.exitCode()).isEqualTo(2);
		assertThat(history.err()).contains("schema is at V" + applied + " but this flowbatch needs V" + latest)
			.contains("flowbatch migrate");
		assertThat(appliedVersions()).doesNotContain(String.valueOf(latest));
	}

	@Test
	void onANewerSchemaTheyReadWithAWarning() {
		assertThat(CliRun.of("migrate").exitCode()).isZero();
		this.database.sql("""
				INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
				                                   installed_by, execution_time, success)
				VALUES (1000, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, true)""")
			.update();

		CliRun history = CliRun.of("history", "-o", "json");

		assertThat(history.exitCode()).as(history.toString()).isZero();
		assertThat(history.out().strip()).isEqualTo("[ ]");
		assertThat(history.err()).contains("schema (V999) is newer than this flowbatch");
	}

	@Test
	void theirConnectionsCannotWriteWhicheverWayTheyAreOpened() throws Exception {
		assertThat(CliRun.of("migrate").exitCode()).isZero();
		DirectConnectionSettings direct = DirectConnectionSettings
			.resolve(Map.of(), System.getProperties(), Path.of("src/test/resources"))
			.orElseThrow();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReadOnlyContext.class)
			.properties(ReadOnlyContext.properties())
			.run(); Connection connection = direct.connectReadOnly()) {
			JdbcClient pooled = JdbcClient.create(context.getBean(DataSource.class));
			JdbcClient single = JdbcClient.create(new SingleConnectionDataSource(connection, true));

			assertThatThrownBy(() -> pooled.sql("DELETE FROM operator_actions").update())
				.hasMessageContaining("read-only transaction");
			assertThatThrownBy(() -> single.sql("DELETE FROM operator_actions").update())
				.hasMessageContaining("read-only transaction");
		}
	}

	@Test
	void statusAndHistoryPrintTheSameWhetherSpringBootResolvesTheConnectionOrNot() {
		CliRun run = CliRun.of("run", "daily-metrics", "--reason", "a run to read back");
		assertThat(run.exitCode()).as(run.toString()).isZero();
		String id = String.valueOf(run.executionId());

		List<CliRun> direct = List.of(CliRun.of("status", id, "-o", "json"), CliRun.of("history", "-o", "csv"),
				CliRun.of("report", "data-quality"));
		// A profile is one of the settings only Spring Boot resolves: the verbs start its context.
		System.setProperty("spring.profiles.active", "read-only-verbs-test");
		List<CliRun> throughSpringBoot;
		try {
			throughSpringBoot = List.of(CliRun.of("status", id, "-o", "json"), CliRun.of("history", "-o", "csv"),
					CliRun.of("report", "data-quality"));
		}
		finally {
			System.clearProperty("spring.profiles.active");
		}

		assertThat(direct.get(0).exitCode()).as(direct.get(0).toString()).isZero();
		assertThat(direct.get(0).out()).contains("\"executionId\" : " + id).contains("a run to read back");
		assertThat(direct.get(1).out()).contains(id + ",daily-metrics,COMPLETED");
		assertThat(direct).isEqualTo(throughSpringBoot);
	}

	@Test
	void anUnreachableDatabaseIsExitThreeWithTheUrlAndNoPassword() {
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/flowmetrics?password=secret");

		CliRun history = CliRun.of("history");

		assertThat(history.exitCode()).as(history.toString()).isEqualTo(3);
		assertThat(history.err()).startsWith("flowbatch: database unreachable at "
				+ "jdbc:postgresql://127.0.0.1:1/flowmetrics?password=***: ")
			.doesNotContain("secret");
	}

	private long tables() {
		return this.database.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
			.query(Long.class)
			.single();
	}

	private java.util.List<String> appliedVersions() {
		return this.database.sql("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL")
			.query(String.class)
			.list();
	}

}
