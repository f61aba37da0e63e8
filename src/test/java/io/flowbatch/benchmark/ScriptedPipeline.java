package io.flowbatch.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowbatch.testsupport.TestPostgres;

/**
 * What a DBA scripts instead of an archive job (issue 17): {@code psql \copy (SELECT ...) TO 'x.csv' CSV} per
 * table, DuckDB's {@code COPY (SELECT * FROM read_csv('x.csv')) TO 'x.parquet' (FORMAT parquet, COMPRESSION zstd)},
 * then the {@code DELETE}s of the same rows in one {@code psql} transaction. It uploads nothing and verifies
 * nothing. DuckDB runs in this JVM (its JDBC driver, the tests' DuckDB); psql runs as a process.
 */
final class ScriptedPipeline {

	private final TestPostgres postgres;

	private final String database;

	private final Path directory;

	ScriptedPipeline(TestPostgres postgres, String database, Path directory) {
		this.postgres = postgres;
		this.database = database;
		this.directory = directory;
	}

	/**
	 * Runs the pipeline: {@code exports} by file name, then the deletes. Returns the time of each stage; fails
	 * unless each Parquet file holds {@code rows} of its export.
	 */
	String run(Map<String, String> exports, Map<String, Long> rows, List<String> deletes) throws Exception {
		Files.createDirectories(this.directory);
		Map<String, Path> csv = new LinkedHashMap<>();
		long started = System.nanoTime();
		for (Map.Entry<String, String> export : exports.entrySet()) {
			Path file = this.directory.resolve(export.getKey() + ".csv");
			Files.deleteIfExists(file);
			psql(List.of("-c", "\\copy (" + export.getValue() + ") TO '" + file + "' WITH (FORMAT csv, HEADER)"));
			csv.put(export.getKey(), file);
		}
		long exported = System.nanoTime();
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = duckdb.createStatement()) {
			for (Map.Entry<String, Path> file : csv.entrySet()) {
				Path parquet = this.directory.resolve(file.getKey() + ".parquet");
				Files.deleteIfExists(parquet);
				statement.execute("COPY (SELECT * FROM read_csv('" + file.getValue() + "')) TO '" + parquet
						+ "' (FORMAT parquet, COMPRESSION zstd)");
				try (ResultSet count = statement.executeQuery("SELECT count(*) FROM '" + parquet + "'")) {
					count.next();
					if (count.getLong(1) != rows.get(file.getKey())) {
						throw new IllegalStateException(parquet + " holds " + count.getLong(1) + " rows, expected "
								+ rows.get(file.getKey()));
					}
				}
			}
		}
		long converted = System.nanoTime();
		List<String> arguments = new ArrayList<>(List.of("-1"));
		deletes.forEach((delete) -> arguments.addAll(List.of("-c", delete)));
		psql(arguments);
		long deleted = System.nanoTime();
		for (Path file : csv.values()) {
			Files.delete(file);
		}
		return String.format("psql \\copy %.2f s, DuckDB %.2f s, DELETE %.2f s",
				BenchmarkReport.seconds(exported - started), BenchmarkReport.seconds(converted - exported),
				BenchmarkReport.seconds(deleted - converted));
	}

	private void psql(List<String> arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
		command.addAll(arguments);
		Path output = Files.createTempFile("flowbatch-psql", ".out");
		try {
			ProcessBuilder builder = new ProcessBuilder(this.postgres.clientCommand(this.database, command))
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().put("PGPASSWORD", this.postgres.password());
			int exit = builder.start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("psql exited " + exit + ": " + Files.readString(output));
			}
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
