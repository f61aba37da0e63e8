package io.flowbatch.devtools.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import io.flowbatch.backup.PostgresClient;
import io.flowbatch.cli.FlowbatchCommandLine;
import io.flowbatch.cli.TextTable;
import io.flowbatch.devtools.embedded.LocalPostgresServer;
import io.flowbatch.devtools.embedded.LocalS3Server;
import io.flowbatch.parquet.DuckDbDatasets;
import io.flowbatch.sql.SqlFiles;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.util.FileSystemUtils;

/**
 * {@code flowbatch demo}: the product end to end on servers of its own, with nothing to install but a JDK. Starts a
 * real PostgreSQL (the server binaries shipped as a Maven artifact) and an S3-compatible server (S3Proxy) in a new
 * directory, generates a small workload, runs the jobs with the same commands an operator types, prints what they
 * produced, and stops both servers. The archive and the backups stay on disk for a look.
 */
public final class DemoCommand {

	static final String BUCKET = "flowbatch-demo";

	private static final String DATABASE = "flowbatch";

	/** The bundled server's major version; the machine's pg_dump must be at least this to back it up. */
	private static final int SERVER_MAJOR_VERSION = 15;

	private final PrintStream out;

	private final PrintStream err;

	public DemoCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Runs the demo; returns the first failing command's exit code, or 0. */
	public int run() throws Exception {
		long started = System.nanoTime();
		Path home = Files.createTempDirectory("flowbatch-demo-"
				+ LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-")),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path s3Files = Files.createDirectories(home.resolve("s3"));
		this.out.println("flowbatch demo: a PostgreSQL and an S3 server of its own, files under " + home);
		quietLogs();
		Path postgresDir = Files.createDirectories(home.resolve("postgres"));
		Path binaries = LocalPostgresServer.unpackBundledBinaries(postgresDir.resolve("binaries"));
		try (LocalPostgresServer postgres = LocalPostgresServer.start(binaries, Files.createDirectories(
				postgresDir.resolve("cluster")));
				LocalS3Server s3 = LocalS3Server.start(new FilesystemNio2BlobStore(s3Files.toString()), BUCKET)) {
			String databaseUrl = createDatabase(postgres);
			this.out.printf("  PostgreSQL %d (embedded) at %s%n  S3 (S3Proxy) at %s, bucket %s%n%n",
					SERVER_MAJOR_VERSION, databaseUrl, s3.endpoint(), BUCKET);
			System.setProperty("spring.datasource.url", databaseUrl);
			System.setProperty("spring.datasource.username", "postgres");
			System.setProperty("spring.datasource.password", "");
			s3.applyToSystemProperties();

			List<List<String>> commands = new ArrayList<>(List.of(
					List.of("generate", "--teams", "3", "--flow-items", "3000", "--webhooks", "8000", "--days", "120"),
					// A 90-day cutoff for both archives keeps the demo short: ~120 webhook partitions (source, day).
					List.of("run", "daily-metrics", "lookbackDays=30"), List.of("run", "webhook-archive",
							"olderThanDays=90"),
					List.of("run", "flow-item-retention")));
			Optional<String> missingClient = missingPostgresClient();
			if (missingClient.isEmpty()) {
				commands.addAll(List.of(List.of("run", "backup"), List.of("run", "backup-verify"),
						List.of("run", "restore-test")));
			}
			for (List<String> command : commands) {
				int exitCode = flowbatch(command);
				if (exitCode != 0) {
					this.err.printf("flowbatch demo: '%s' ended with exit code %d; the files are in %s%n",
							String.join(" ", command), exitCode, home);
					return exitCode;
				}
			}
			missingClient.ifPresent((why) -> this.out.println("(backup, backup-verify and restore-test skipped: " + why
					+ ")\n"));
			flowbatch(List.of("history"));
			this.out.println("The newest daily metrics in PostgreSQL:");
			printPostgresQuery(databaseUrl, SqlFiles.read("queries/demo/metric-rows.sql"));
			Path archive = s3Files.resolve(BUCKET).resolve(System.getProperty("flowbatch.s3.prefix", "flowbatch"));
			this.out.println("\nThe Parquet archive, read back with DuckDB:");
			printDuckDbQuery(archive, SqlFiles.read("queries/demo/archive-summary.duckdb.sql"));
		}
		FileSystemUtils.deleteRecursively(postgresDir);
		this.out.printf("%nDone in %d s; both servers stopped. The archive and backups stay in %s (delete it when done).%n",
				Duration.ofNanos(System.nanoTime() - started).toSeconds(), s3Files.resolve(BUCKET));
		return 0;
	}

	/**
	 * The commands' own output tells the story; the per-partition log lines a night run keeps would drown it. The
	 * same commands run by hand log as usual.
	 */
	private static void quietLogs() {
		for (String logger : List.of("io.flowbatch", "org.springframework.batch", "org.gaul")) {
			System.setProperty("logging.level." + logger, "WARN");
			// S3Proxy starts before Spring Boot configures logging from these properties.
			LoggingSystem.get(DemoCommand.class.getClassLoader()).setLogLevel(logger, LogLevel.WARN);
		}
	}

	private int flowbatch(List<String> arguments) {
		this.out.println("$ flowbatch " + String.join(" ", arguments));
		int exitCode = new FlowbatchCommandLine(this.out, this.err).execute(arguments.toArray(String[]::new));
		this.out.println();
		return exitCode;
	}

	private static String createDatabase(LocalPostgresServer postgres) throws SQLException {
		try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "");
				Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		return postgres.jdbcUrl(DATABASE);
	}

	/** Why the machine cannot back up the demo's server, if it cannot: pg_dump/pg_restore missing or too old. */
	private static Optional<String> missingPostgresClient() {
		for (String tool : List.of("pg_dump", "pg_restore")) {
			OptionalInt major = OptionalInt.empty();
			try {
				Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
				String version = new String(process.getInputStream().readAllBytes());
				if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
					major = PostgresClient.majorVersion(version);
				}
			}
			catch (IOException ex) {
				return Optional.of(tool + " is not on the PATH; install PostgreSQL " + SERVER_MAJOR_VERSION
						+ " client tools or newer");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.of("interrupted");
			}
			if (major.isEmpty() || major.getAsInt() < SERVER_MAJOR_VERSION) {
				return Optional.of(tool + " on the PATH is older than PostgreSQL " + SERVER_MAJOR_VERSION);
			}
		}
		return Optional.empty();
	}

	private void printPostgresQuery(String databaseUrl, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", "")) {
			printQuery(connection, sql);
		}
	}

	/** {@code {dataset}} in the query stands for the dataset's Parquet files under {@code archive}. */
	private void printDuckDbQuery(Path archive, String sql) throws SQLException {
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
			printQuery(duckdb, DuckDbDatasets.resolve(archive, sql));
		}
		this.out.println("  (the query: sql/queries/demo/archive-summary.duckdb.sql; the files: " + archive + ")");
	}

	private void printQuery(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			ResultSetMetaData columns = rows.getMetaData();
			String[] headers = new String[columns.getColumnCount()];
			for (int i = 0; i < headers.length; i++) {
				headers[i] = columns.getColumnLabel(i + 1);
			}
			TextTable table = new TextTable(headers);
			while (rows.next()) {
				Object[] cells = new Object[headers.length];
				for (int i = 0; i < cells.length; i++) {
					cells[i] = rows.getObject(i + 1);
				}
				table.row(cells);
			}
			table.print(this.out, "  ");
		}
	}

}
