package io.flowbatch.generate;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL database the generator's tests write to, migrated: {@code FLOWBATCH_TEST_JDBC_URL} (user postgres),
 * by default a local {@code gen_test}. Its tables are emptied by the tests. Stands in for the project's shared test
 * harness until that exists.
 */
final class TestDatabase {

	private TestDatabase() {
	}

	static DataSource migrated() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(System.getenv()
			.getOrDefault("FLOWBATCH_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/gen_test"));
		dataSource.setUser("postgres");
		dataSource.setOptions("-c TimeZone=UTC");
		Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:sql/migration")
			// As in application.yml: V3's CREATE INDEX CONCURRENTLY would wait forever on a transactional lock.
			.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
			.load()
			.migrate();
		return dataSource;
	}

}
