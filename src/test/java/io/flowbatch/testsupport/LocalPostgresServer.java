package io.flowbatch.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL cluster started from the machine's own server binaries (Debian's
 * {@code postgresql} package) in a temporary directory on a free port; used where no Docker engine runs.
 * PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres} user the package creates.
 */
final class LocalPostgresServer {

	private final Path binDir;

	private final Path baseDir;

	private final int port;

	private LocalPostgresServer(Path binDir, Path baseDir, int port) {
		this.binDir = binDir;
		this.baseDir = baseDir;
		this.port = port;
	}

	static boolean binariesAvailable() {
		return findBinDir() != null;
	}

	static LocalPostgresServer start() throws IOException, InterruptedException {
		Path binDir = findBinDir();
		if (binDir == null) {
			throw new IllegalStateException("no PostgreSQL server binaries found (install Debian's postgresql package)");
		}
		Path baseDir = Files.createTempDirectory("flowbatch-test-pg");
		boolean root = "root".equals(System.getProperty("user.name"));
		if (root) {
			UserPrincipalLookupService users = baseDir.getFileSystem().getUserPrincipalLookupService();
			Files.setOwner(baseDir, users.lookupPrincipalByName("postgres"));
		}
		LocalPostgresServer server = new LocalPostgresServer(binDir, baseDir, freePort());
		server.run(List.of(binDir.resolve("initdb").toString(), "-D", server.dataDir(), "-U", "postgres", "-A",
				"trust", "-E", "UTF8", "--no-locale", "-N"));
		server.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", server.dataDir(), "-l",
				baseDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
				"-p " + server.port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
						+ " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
				"start"));
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-postgres"));
		return server;
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	Path binDir() {
		return this.binDir;
	}

	private String dataDir() {
		return this.baseDir.resolve("data").toString();
	}

	private void stop() {
		try {
			run(List.of(this.binDir.resolve("pg_ctl").toString(), "-D", dataDir(), "-m", "immediate", "-w", "stop"));
			try (Stream<Path> files = Files.walk(this.baseDir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			System.err.println("could not stop the test PostgreSQL in " + this.baseDir + ": " + ex.getMessage());
		}
	}

	private void run(List<String> command) throws IOException, InterruptedException {
		List<String> full = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		Process process = new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(this.baseDir.resolve("commands.log").toFile())
			.start();
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("'" + String.join(" ", command) + "' failed: "
					+ Files.readString(this.baseDir.resolve("commands.log")));
		}
	}

	private static Path findBinDir() {
		Path debian = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(debian)) {
			return null;
		}
		try (Stream<Path> versions = Files.list(debian)) {
			return versions.filter((dir) -> Files.isExecutable(dir.resolve("bin/pg_ctl")))
				.max(Comparator.comparingInt((dir) -> Integer.parseInt(dir.getFileName().toString())))
				.map((dir) -> dir.resolve("bin"))
				.orElse(null);
		}
		catch (IOException | NumberFormatException ex) {
			return null;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
