package io.flowbatch.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.flowbatch.devtools.embedded.LocalPostgresServer;

import org.springframework.util.FileSystemUtils;

/**
 * A PostgreSQL cluster of the test's own with continuous WAL archiving: {@code archive_mode=on} and
 * {@code archive_command = pgbackrest archive-push} into a pgBackRest repository (posix in a temporary directory,
 * or one the test configures, e.g. S3), stanza {@value #STANZA} created. pgBackRest runs as the cluster's OS user,
 * always: one owner for the repository. The tests point {@code spring.datasource.*} and {@code flowbatch.pitr.*} at
 * it ({@link #systemProperties}).
 */
public final class ArchivedPostgres implements AutoCloseable {

	public static final String STANZA = "flowbatch";

	private final LocalPostgresServer server;

	private final Path home;

	private ArchivedPostgres(LocalPostgresServer server, Path home) {
		this.server = server;
		this.home = home;
	}

	/** With a posix repository in the cluster's temporary directory. */
	public static ArchivedPostgres start() throws IOException, InterruptedException {
		return start((home) -> List.of("repo1-path=" + home.resolve("repo")));
	}

	/**
	 * With the repository that {@code repository} configures: its {@code repo1-*} lines, given the cluster's
	 * temporary directory (files written there go to the cluster's user, who runs pgBackRest).
	 */
	public static ArchivedPostgres start(Function<Path, List<String>> repository)
			throws IOException, InterruptedException {
		Tools.onPath("pgbackrest", "pgbackrest");
		Path binDir = LocalPostgresServer.machineBinaries()
			.orElseThrow(() -> new IllegalStateException("the PITR tests need the machine's PostgreSQL server"
					+ " (Debian: postgresql; ./test installs it)"));
		Path home = Files.createTempDirectory("flowbatch-test-pitr");
		Path baseDir = Files.createDirectory(home.resolve("cluster"));
		int port = LocalPostgresServer.freePort();
		Path config = home.resolve("pgbackrest.conf");
		Path clusterData = baseDir.resolve("data");
		List<String> lines = new java.util.ArrayList<>(List.of("[global]"));
		lines.addAll(repository.apply(home));
		lines.addAll(List.of("repo1-retention-full=2", "lock-path=" + home.resolve("lock"),
				"spool-path=" + home.resolve("spool"), "log-level-file=off", "log-level-console=warn",
				"archive-timeout=10", "start-fast=y", "", "[" + STANZA + "]", "pg1-path=" + clusterData,
				"pg1-port=" + port, "pg1-socket-path=" + baseDir, "pg1-user=postgres", ""));
		Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);
		for (String directory : List.of("repo", "lock", "spool", "scratch")) {
			Files.createDirectory(home.resolve(directory));
		}
		giveToClusterUser(home);
		LocalPostgresServer server = LocalPostgresServer.start(binDir, baseDir, port,
				List.of("archive_mode=on", "wal_level=replica", "full_page_writes=on",
						"archive_command=pgbackrest --config=" + config + " --stanza=" + STANZA + " archive-push %p"));
		ArchivedPostgres archived = new ArchivedPostgres(server, home);
		archived.pgbackrest("stanza-create");
		archived.execute("postgres", "CREATE DATABASE " + TestPostgres.DATABASE);
		return archived;
	}

	/** What points the application at this cluster and its stanza. */
	public java.util.Map<String, String> systemProperties() {
		return java.util.Map.of("spring.datasource.url", jdbcUrl(), "spring.datasource.username", "postgres",
				"spring.datasource.password", "", "flowbatch.pitr.stanza", STANZA, "flowbatch.pitr.config",
				config().toString(), "flowbatch.pitr.run-as", this.server.osUser(), "flowbatch.pitr.scratch-dir",
				scratchDirectory().toString(), "flowbatch.pitr.ports", "55400-55499");
	}

	public String jdbcUrl() {
		return this.server.jdbcUrl(TestPostgres.DATABASE);
	}

	public Path config() {
		return this.home.resolve("pgbackrest.conf");
	}

	/** The posix repository's directory (empty when the repository is another). */
	public Path repository() {
		return this.home.resolve("repo");
	}

	public Path scratchDirectory() {
		return this.home.resolve("scratch");
	}

	/** Runs {@code pgbackrest --stanza=... ARGS} as the cluster's user; fails unless it succeeds. */
	public String pgbackrest(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(asClusterUser());
		command.addAll(List.of("pgbackrest", "--config=" + config(), "--stanza=" + STANZA));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

	public void execute(String database, String sql) {
		try (Connection connection = DriverManager.getConnection(this.server.jdbcUrl(database), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/** The archived segment files of the stanza, oldest first. */
	public List<Path> archivedSegments() throws IOException {
		try (Stream<Path> files = Files.walk(repository().resolve("archive").resolve(STANZA))) {
			return files.filter((file) -> file.getFileName().toString().matches("[0-9A-F]{24}-[0-9a-f]{40}.*"))
				.sorted(java.util.Comparator.comparing((Path file) -> file.getFileName().toString()))
				.toList();
		}
	}

	private List<String> asClusterUser() {
		return this.server.osUser().equals(System.getProperty("user.name")) ? List.of()
				: List.of("runuser", "-u", this.server.osUser(), "--");
	}

	/** As root, the directories go to {@code postgres}, whom {@link LocalPostgresServer} runs the cluster as. */
	private static void giveToClusterUser(Path root) throws IOException {
		if (!"root".equals(System.getProperty("user.name"))) {
			return;
		}
		UserPrincipal user = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
		try (Stream<Path> paths = Files.walk(root, 1)) {
			for (Path path : paths.toList()) {
				if (!path.getFileName().toString().equals("cluster")) {
					Files.setOwner(path, user);
				}
			}
		}
	}

	@Override
	public void close() {
		this.server.close();
		FileSystemUtils.deleteRecursively(this.home.toFile());
	}

}
