package io.flowbatch.cli;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The context of the read-only verbs when their connection needs Spring Boot's configuration (profiles,
 * configuration files, Hikari settings: {@link DirectConnectionSettings}): a small read-only connection pool, nothing
 * else. No Flyway (a read must not migrate), no jobs, no S3, no metrics.
 * <p>
 * Deliberately not a {@code @Configuration}: the full application's component scan must not pick it up.
 */
@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
@Import(CliOutput.class)
class ReadOnlyContext {

	/**
	 * Read-only connections, and no more of them than a one-query command uses. The JDBC read-only flag alone does not
	 * make PostgreSQL refuse writes under autocommit; the session default does.
	 */
	static String[] properties() {
		return new String[] { "spring.datasource.hikari.read-only=true",
				"spring.datasource.hikari.connection-init-sql=" + DirectConnectionSettings.readOnlySessionSql(),
				"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=0" };
	}

}
