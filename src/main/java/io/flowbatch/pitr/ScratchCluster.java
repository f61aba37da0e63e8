package io.flowbatch.pitr;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * The drill's throwaway PostgreSQL: a directory {@code drill-EXECUTION} below {@code flowbatch.pitr.scratch-dir},
 * owned by {@code run-as}, holding the restored data directory, a configuration of its own (loopback only, a port
 * from {@code flowbatch.pitr.ports}, no WAL archiving, no hot standby: connections succeed once it has promoted) and
 * the server log. The server runs detached from this JVM, so one left by a killed run is stopped and deleted by the
 * next ({@link #removeLeftovers}).
 */
final class ScratchCluster implements AutoCloseable {

	static final String PREFIX = "drill-";

	/**
	 * How often {@link #awaitPromoted} tries to connect: the recovery phase of the RTO is measured to the first
	 * connection, so the interval is its resolution; a refused attempt costs the server one short-lived backend.
	 */
	private static final long POLL_MILLIS = 50;

	/** pg_ctl returns before the postmaster has written its pid file: until then a missing one is no failure. */
	private static final Duration PID_FILE_GRACE = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(ScratchCluster.class);

	private final Path directory;

	private final Path binaries;

	private final List<String> asRunAsUser;

	private int port;

	private ScratchCluster(Path directory, Path binaries, List<String> asRunAsUser) {
		this.directory = directory;
		this.binaries = binaries;
		this.asRunAsUser = asRunAsUser;
	}

	/** Creates the (empty) directory of execution {@code executionId}'s cluster, owned by {@code runAs}. */
	static ScratchCluster create(PitrProperties properties, PgBackRest pgBackRest, long executionId,
			String majorVersion) throws IOException {
		Path directory = properties.scratchDirectory().resolve(PREFIX + executionId);
		Files.createDirectories(properties.scratchDirectory());
		Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		ScratchCluster cluster = new ScratchCluster(directory, properties.serverBinaries(majorVersion),
				pgBackRest.asRunAsUser());
		cluster.giveToRunAs(properties, directory);
		return cluster;
	}

	Path directory() {
		return this.directory;
	}

	Path dataDirectory() {
		return this.directory.resolve("data");
	}

	int port() {
		return this.port;
	}

	/**
	 * Writes the drill's configuration (the restored one is production's: its port, its archive_command) and starts
	 * the server on a free port of the range without waiting: recovery may take long.
	 */
	void start(PitrProperties properties, String user, boolean password) throws IOException {
		if (!Files.isExecutable(this.binaries.resolve("pg_ctl"))) {
			throw new IllegalStateException("no PostgreSQL server binaries in " + this.binaries
					+ " (the drill needs the server of the backup's major version: install Debian's postgresql package"
					+ " of that version or set flowbatch.pitr.server-bin-dir)");
		}
		this.port = freePort(properties.portRange());
		Path config = this.directory.resolve("drill.conf");
		Path hba = this.directory.resolve("drill_hba.conf");
		Path ident = this.directory.resolve("drill_ident.conf");
		Files.writeString(config, String.join("\n", "# flowbatch pitr-test: a throwaway copy, loopback only",
				"port = " + this.port, "listen_addresses = '127.0.0.1'",
				"unix_socket_directories = '" + this.directory + "'", "hba_file = '" + hba + "'",
				"ident_file = '" + ident + "'", "archive_mode = off", "hot_standby = off", "logging_collector = off",
				""), StandardCharsets.UTF_8);
		// Only the application's role, over loopback, with its password when it has one.
		Files.writeString(hba, "host all \"" + user.replace("\"", "\"\"") + "\" 127.0.0.1/32 "
				+ (password ? "md5" : "trust") + "\n", StandardCharsets.UTF_8);
		Files.writeString(ident, "", StandardCharsets.UTF_8);
		for (Path file : List.of(config, hba, ident)) {
			giveToRunAs(properties, file);
		}
		// -W: pg_ctl's own wait gives up after PGCTLTIMEOUT (60 s) while the copy still recovers (with hot standby off
		// it is not "ready" before it has promoted) and then exits 1; awaitPromoted waits, up to the recovery timeout.
		Process start = new ProcessBuilder(command(this.binaries.resolve("pg_ctl").toString(), "-D",
				dataDirectory().toString(), "-l", this.directory.resolve("server.log").toString(), "-o",
				"-c config_file=" + config, "-W", "start"))
			.redirectErrorStream(true)
			.start();
		String output = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!start.waitFor(2, TimeUnit.MINUTES) || start.exitValue() != 0) {
				throw new IllegalStateException("the scratch cluster did not start: " + output.strip());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until the server accepts connections to {@code database}, which with hot standby off means recovery has
	 * reached the target and promoted; fails with the server's FATAL line when it ends instead.
	 */
	Connection awaitPromoted(String database, String user, String password, Duration timeout)
			throws InterruptedException, IOException {
		String url = "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database + "?connectTimeout=5";
		long deadline = System.nanoTime() + timeout.toNanos();
		long pidFileDeadline = System.nanoTime() + PID_FILE_GRACE.toNanos();
		Path pidFile = dataDirectory().resolve("postmaster.pid");
		boolean pidFileSeen = false;
		while (true) {
			try {
				return DriverManager.getConnection(url, user, password);
			}
			catch (SQLException ex) {
				if (refusedOnceUp(ex)) {
					throw new IllegalStateException("the restored copy refused role " + user + ": " + ex.getMessage(),
							ex);
				}
				if (Files.exists(pidFile)) {
					pidFileSeen = true;
				}
				else if ((pidFileSeen || System.nanoTime() > pidFileDeadline) && !isRunning()) {
					throw new IllegalStateException("recovery failed: " + serverFailure());
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("recovery did not reach the target within " + timeout
							+ " (flowbatch.pitr.recovery-timeout): " + ex.getMessage());
				}
			}
			Thread.sleep(POLL_MILLIS);
		}
	}

	/**
	 * Authentication and a missing database: the server checks them only once it accepts connections (while it
	 * recovers it answers "the database system is starting up"), so waiting longer does not help.
	 */
	static boolean refusedOnceUp(SQLException ex) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		return state.startsWith("28") || state.equals("3D000");
	}

	/** The first FATAL or PANIC line of the server log, else its last line. */
	String serverFailure() throws IOException {
		Path log = this.directory.resolve("server.log");
		List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
		return lines.stream()
			.filter((line) -> line.contains("FATAL:") || line.contains("PANIC:"))
			.findFirst()
			.or(() -> lines.stream().reduce((first, second) -> second))
			.map((line) -> line.replaceFirst("^.*?(FATAL|PANIC):\\s*", "$1: "))
			.orElse("the server ended without a log line");
	}

	private boolean isRunning() throws IOException, InterruptedException {
		Process status = new ProcessBuilder(command(this.binaries.resolve("pg_ctl").toString(), "-D",
				dataDirectory().toString(), "status"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		return status.waitFor(30, TimeUnit.SECONDS) && status.exitValue() == 0;
	}

	/** Stops the server (immediately: nothing in it is kept) and deletes the directory. */
	@Override
	public void close() {
		stopAndDelete(this.directory, this.asRunAsUser, this.binaries);
	}

	/**
	 * The clusters earlier drills left (a killed JVM leaves its server running): stopped and deleted. One drill runs
	 * at a time (the job lock), so none of them is in use.
	 */
	static void removeLeftovers(PitrProperties properties, PgBackRest pgBackRest) throws IOException {
		if (!Files.isDirectory(properties.scratchDirectory())) {
			return;
		}
		List<Path> leftovers;
		try (Stream<Path> entries = Files.list(properties.scratchDirectory())) {
			leftovers = entries.filter((path) -> path.getFileName().toString().startsWith(PREFIX)).toList();
		}
		for (Path leftover : leftovers) {
			Path version = leftover.resolve("data/PG_VERSION");
			Path binaries = Files.exists(version)
					? properties.serverBinaries(Files.readString(version).strip()) : null;
			stopAndDelete(leftover, pgBackRest.asRunAsUser(), binaries);
			logger.info("Removed the scratch cluster {} left by an earlier pitr-test", leftover);
		}
	}

	private static void stopAndDelete(Path directory, List<String> asRunAsUser, Path binaries) {
		Path data = directory.resolve("data");
		try {
			if (binaries != null && Files.exists(data.resolve("postmaster.pid"))) {
				List<String> stop = new ArrayList<>(asRunAsUser);
				stop.addAll(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
						"-w", "stop"));
				Process process = new ProcessBuilder(stop).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				process.waitFor(2, TimeUnit.MINUTES);
			}
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot remove the scratch cluster " + directory + ": " + ex.getMessage(),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private List<String> command(String... command) {
		List<String> full = new ArrayList<>(this.asRunAsUser);
		full.addAll(List.of(command));
		return full;
	}

	private void giveToRunAs(PitrProperties properties, Path path) throws IOException {
		if (!this.asRunAsUser.isEmpty() && this.asRunAsUser.get(0).equals("runuser")) {
			UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
			Files.setOwner(path, users.lookupPrincipalByName(properties.runAs()));
		}
	}

	private static int freePort(int[] range) {
		for (int port = range[0]; port <= range[1]; port++) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// taken: try the next one
			}
		}
		throw new IllegalStateException("no free port in flowbatch.pitr.ports " + range[0] + "-" + range[1]);
	}

}
