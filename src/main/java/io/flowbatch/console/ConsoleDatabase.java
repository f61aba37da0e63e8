package io.flowbatch.console;

import java.util.Map;

import javax.sql.DataSource;

import io.flowbatch.cli.CliException;
import io.flowbatch.cli.CliOutput;
import io.flowbatch.cli.ExitCode;
import io.flowbatch.cli.SchemaVersion;
import io.flowbatch.sql.SqlFiles;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's Spring context: only the data source and a JdbcClient, configured like every other verb's
 * ({@code spring.datasource.*}, application.yml), but read-only, and the check of the schema's version the read-only
 * verbs make. No Flyway migration, no job, no S3 client.
 * <p>
 * Deliberately not a {@code @Configuration}: the full application's component scan must not pick it up.
 */
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
		JdbcClientAutoConfiguration.class })
@Import({ CliOutput.class, SchemaVersion.class })
class ConsoleDatabase {

	/**
	 * Ahead of every other property source: each connection is read-only for PostgreSQL itself, so that no code path
	 * of the console (or a mistake in one) can write.
	 */
	static final Map<String, Object> READ_ONLY = Map.of("spring.datasource.hikari.read-only", true,
			"spring.datasource.hikari.connection-init-sql",
			SqlFiles.read("queries/execution/read-only-session.sql"),
			"spring.datasource.hikari.pool-name", "flowbatch-console",
			"spring.datasource.hikari.maximum-pool-size", ConsoleServerThreads.COUNT,
			"spring.datasource.hikari.data-source-properties.ApplicationName", "flowbatch-console");

	static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ConsoleDatabase.class).web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("flowbatch console: read-only", READ_ONLY)))
			.run();
	}

	/** Connects, and refuses to serve a connection that could write or a schema older than this flowbatch's. */
	static void check(DataSource dataSource, SchemaVersion schema) {
		String readOnly = JdbcClient.create(dataSource)
			.sql("SELECT current_setting('transaction_read_only')")
			.query(String.class)
			.single();
		if (!"on".equals(readOnly)) {
			throw new CliException(ExitCode.INTERNAL_ERROR,
					"the console's database connection is not read-only (transaction_read_only is " + readOnly + ")");
		}
		schema.requireCurrent();
	}

}
