package io.flowbatch.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.Driver;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The PostgreSQL client tools, pointed at the configured database: the connection comes from
 * {@code spring.datasource.*}, the password goes through {@code PGPASSWORD}, never the command line.
 */
@Component
public class PostgresClient {

	/** pgjdbc URL parameter to libpq environment variable, for the TLS settings both know. */
	private static final Map<String, String> LIBPQ_TLS_VARIABLES = Map.of("sslrootcert", "PGSSLROOTCERT", "sslcert",
			"PGSSLCERT", "sslkey", "PGSSLKEY", "sslcrl", "PGSSLCRL");

	private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

	private final BackupProperties properties;

	private final DataSourceProperties dataSource;

	private final JdbcClient jdbc;

	public PostgresClient(BackupProperties properties, DataSourceProperties dataSource, JdbcClient jdbc) {
		this.properties = properties;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
	}

	/** The database name, for backup keys. */
	public String databaseName() {
		return connection().getProperty("PGDBNAME");
	}

	public int serverMajorVersion() {
		return this.jdbc.sql("SHOW server_version_num").query(Integer.class).single() / 10_000;
	}

	/** {@code pg_dump --version}'s text; fails with a clear message when the tool cannot run. */
	public String version(String tool) {
		try {
			Process process = new ProcessBuilder(this.properties.tool(tool), "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes()).strip();
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(tool + " --version failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + this.properties.tool(tool) + " (install the PostgreSQL client"
					+ " tools or set flowbatch.backup.pg-bin-dir): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The major version in a client tool's {@code --version} text ({@code pg_dump (PostgreSQL) 15.19 ...}). */
	public static OptionalInt majorVersion(String versionText) {
		Matcher matcher = VERSION.matcher(versionText);
		return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
	}

	/** Client tools older than the server cannot dump it correctly: refuse before anything starts. */
	public void checkClientVersion(String tool) {
		String version = version(tool);
		int client = majorVersion(version)
			.orElseThrow(() -> new IllegalStateException("cannot read the version of " + tool + ": " + version));
		int server = serverMajorVersion();
		if (client < server) {
			throw new IllegalStateException(tool + " is version " + client + " but the server is version " + server
					+ "; install PostgreSQL " + server + " client tools or newer");
		}
	}

	/** A command line for a client tool against the configured database. */
	public ProcessBuilder command(String tool, List<String> arguments) {
		return command(tool, arguments, this.dataSource.determineUrl(), this.dataSource.determineUsername(),
				this.dataSource.determinePassword());
	}

	/** A command line for a client tool against the server of a JDBC URL, with its TLS settings. */
	ProcessBuilder command(String tool, List<String> arguments, String url, String username, String password) {
		Properties connection = parse(url);
		List<String> command = new ArrayList<>(List.of(this.properties.tool(tool), "--no-password", "-h",
				connection.getProperty("PGHOST"), "-p", connection.getProperty("PGPORT"), "-U", username));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(tlsEnvironment(connection));
		if (password != null && !password.isEmpty()) {
			builder.environment().put("PGPASSWORD", password);
		}
		return builder;
	}

	/**
	 * The JDBC URL's TLS settings as libpq's environment, so that the client tools connect as the application does:
	 * without them they fall back to {@code sslmode=prefer} (no certificate check, plaintext if the server offers no
	 * TLS) and present no client certificate. pgjdbc's {@code ssl=true} without {@code sslmode} means
	 * {@code verify-full}.
	 */
	static Map<String, String> tlsEnvironment(Properties connection) {
		Map<String, String> environment = new LinkedHashMap<>();
		String mode = connection.getProperty("sslmode");
		if (mode == null && "true".equalsIgnoreCase(connection.getProperty("ssl"))) {
			mode = "verify-full";
		}
		if (mode != null) {
			environment.put("PGSSLMODE", mode);
		}
		LIBPQ_TLS_VARIABLES.forEach((jdbc, libpq) -> {
			String value = connection.getProperty(jdbc);
			if (value != null && !value.isBlank()) {
				environment.put(libpq, value);
			}
		});
		return environment;
	}

	private Properties connection() {
		return parse(this.dataSource.determineUrl());
	}

	static Properties parse(String url) {
		Properties parsed = Driver.parseURL(url, new Properties());
		if (parsed == null) {
			throw new IllegalStateException("cannot read " + url + " as a PostgreSQL JDBC URL");
		}
		return parsed;
	}

}
