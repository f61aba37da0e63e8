package io.flowbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowbatch.sql.SqlFiles;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compares the database's schema (Flyway's history) with the migrations this jar carries. The read-only verbs do not
 * migrate, so they refuse a schema older than the jar (their queries would read tables that are not there yet); a
 * newer schema, from a newer flowbatch, is read with a warning.
 */
@Component
public class SchemaVersion {

	private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

	private static final String APPLIED = SqlFiles.read("queries/execution/applied-schema-version.sql");

	private final JdbcClient jdbc;

	private final CliOutput output;

	SchemaVersion(JdbcClient jdbc, CliOutput output) {
		this.jdbc = jdbc;
		this.output = output;
	}

	public void requireCurrent() {
		int expected = latestMigrationInJar();
		int applied = applied();
		if (applied < expected) {
			throw new CliException(ExitCode.USAGE, "the database's flowbatch schema is at V" + applied
					+ " but this flowbatch needs V" + expected + "; run 'flowbatch migrate' (or any job), which"
					+ " migrates it, then try again");
		}
		if (applied > expected) {
			this.output.err()
				.println("flowbatch: warning: the database's schema (V" + applied + ") is newer than this flowbatch"
						+ " (V" + expected + "); upgrade flowbatch");
		}
	}

	private int applied() {
		try {
			int version = this.jdbc.sql(APPLIED).query(Integer.class).single();
			if (version == 0) {
				throw noSchema();
			}
			return version;
		}
		catch (DataAccessException ex) {
			if (ex.getMessage() != null && ex.getMessage().contains("flyway_schema_history")) {
				throw noSchema();
			}
			throw ex;
		}
	}

	private static CliException noSchema() {
		return new CliException(ExitCode.USAGE, "the database has no flowbatch schema yet; run 'flowbatch migrate'"
				+ " (or any job), which creates it, then try again");
	}

	static int latestMigrationInJar() {
		try {
			Resource[] migrations = new PathMatchingResourcePatternResolver()
				.getResources("classpath*:sql/migration/V*__*.sql");
			return Arrays.stream(migrations)
				.map((migration) -> MIGRATION.matcher(migration.getFilename()))
				.filter(Matcher::matches)
				.mapToInt((matcher) -> Integer.parseInt(matcher.group(1)))
				.max()
				.orElseThrow(() -> new IllegalStateException("no migrations in sql/migration on the classpath"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
