package io.flowbatch.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.flowbatch.devtools.embedded.LocalPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL the tests run against, started once per test JVM:
 * <ol>
 * <li>{@code FLOWBATCH_TEST_POSTGRES_URL} (a JDBC URL to a server where the user may create databases), else</li>
 * <li>a Testcontainers {@code postgres:15} container when a Docker engine runs, else</li>
 * <li>a throwaway {@link LocalPostgresServer} from the machine's PostgreSQL server binaries, or from the ones bundled
 * as a Maven artifact when the machine has none.</li>
 * </ol>
 * The CLI under test finds it through the {@code spring.datasource.*} system properties set here.
 */
public final class TestPostgres {

	/** The database the application under test uses. */
	public static final String DATABASE = "flowbatch";

	private static TestPostgres instance;

	private final String serverUrl;

	private final String username;

	private final String password;

	private TestPostgres(String serverUrl, String username, String password) {
		this.serverUrl = serverUrl;
		this.username = username;
		this.password = password;
	}

	/** Starts the server (first call only) and points {@code spring.datasource.*} at a fresh database. */
	public static synchronized TestPostgres get() {
		if (instance == null) {
			instance = start();
			instance.createDatabase(DATABASE);
			System.setProperty("spring.datasource.url", instance.jdbcUrl(DATABASE));
			System.setProperty("spring.datasource.username", instance.username);
			System.setProperty("spring.datasource.password", instance.password);
		}
		return instance;
	}

	private static TestPostgres start() {
		String external = System.getenv("FLOWBATCH_TEST_POSTGRES_URL");
		if (external != null && !external.isBlank()) {
			return new TestPostgres(external, System.getenv().getOrDefault("FLOWBATCH_TEST_POSTGRES_USER", "postgres"),
					System.getenv().getOrDefault("FLOWBATCH_TEST_POSTGRES_PASSWORD", ""));
		}
		try {
			if (DockerClientFactory.instance().isDockerAvailable()) {
				PostgreSQLContainer container = new PostgreSQLContainer("postgres:15");
				container.start();
				return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
			}
			Path baseDir = Files.createTempDirectory("flowbatch-test-pg");
			Path binDir = LocalPostgresServer.machineBinaries().orElse(null);
			if (binDir == null) {
				binDir = LocalPostgresServer.unpackBundledBinaries(baseDir.resolve("binaries"));
			}
			LocalPostgresServer server = LocalPostgresServer.start(binDir, baseDir);
			return new TestPostgres(server.jdbcUrl("postgres"), "postgres", "");
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot start a PostgreSQL for the tests: " + ex.getMessage(), ex);
		}
	}

	/** The JDBC URL of {@code database} on the test server. */
	public String jdbcUrl(String database) {
		int slash = this.serverUrl.lastIndexOf('/');
		int query = this.serverUrl.indexOf('?', slash);
		return this.serverUrl.substring(0, slash + 1) + database + ((query >= 0) ? this.serverUrl.substring(query) : "");
	}

	public String jdbcUrl() {
		return jdbcUrl(DATABASE);
	}

	/**
	 * A PostgreSQL client tool's command line ({@code pg_dump}, {@code pg_restore}) followed by the options that connect
	 * it to {@code database} on this server (the tools accept options after file names).
	 */
	public List<String> clientCommand(String database, List<String> command) {
		String hostAndPort = this.serverUrl.replace("jdbc:postgresql://", "");
		hostAndPort = hostAndPort.substring(0, hostAndPort.indexOf('/'));
		int colon = hostAndPort.lastIndexOf(':');
		List<String> connected = new ArrayList<>(command);
		connected.addAll(List.of("-h", hostAndPort.substring(0, colon), "-p", hostAndPort.substring(colon + 1), "-U",
				this.username, "-d", database));
		return connected;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	public DataSource dataSource() {
		return dataSource(DATABASE);
	}

	public DataSource dataSource(String database) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(jdbcUrl(database));
		dataSource.setUser(this.username);
		dataSource.setPassword(this.password);
		// As the application's connections: TIMESTAMP columns hold UTC.
		dataSource.setOptions("-c TimeZone=UTC");
		return dataSource;
	}

	/** Creates (or re-creates, empty) a database on the test server. */
	public void createDatabase(String database) {
		try (Connection admin = DriverManager.getConnection(this.serverUrl, this.username, this.password);
				Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create test database " + database, ex);
		}
	}

}
