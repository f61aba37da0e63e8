package io.flowbatch.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import javax.sql.DataSource;

/**
 * CPU seconds per process from {@code /proc} (Linux), so that a benchmark on a shared machine can compare work and
 * not only wall-clock time: this JVM (the S3 server, an in-process DuckDB), the child processes it has waited for
 * (the job's JVM, psql), and the test PostgreSQL (the postmaster, its live backends with what they have waited for,
 * and the backends that ended); {@link #treeSeconds} for a server started detached from this JVM.
 */
final class ProcessCpu {

	/** {@code getconf CLK_TCK} on Linux. */
	private static final double TICKS_PER_SECOND = 100.0;

	private final long postmaster;

	private ProcessCpu(long postmaster) {
		this.postmaster = postmaster;
	}

	/** The accounting for the PostgreSQL server that {@code dataSource} connects to (on this machine). */
	static ProcessCpu of(DataSource dataSource) throws SQLException, IOException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
			backend.next();
			return new ProcessCpu(stat(backend.getLong(1))[1]);
		}
	}

	/** CPU seconds used so far. */
	record Sample(double testJvm, double children, double postgres) {

		Sample minus(Sample earlier) {
			return new Sample(this.testJvm - earlier.testJvm, this.children - earlier.children,
					this.postgres - earlier.postgres);
		}

		Sample plus(Sample other) {
			return new Sample(this.testJvm + other.testJvm, this.children + other.children,
					this.postgres + other.postgres);
		}

	}

	Sample sample() throws IOException {
		long[] self = stat(ProcessHandle.current().pid());
		long[] server = stat(this.postmaster);
		long postgres = server[11] + server[12] + server[13] + server[14];
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter((path) -> path.getFileName().toString().matches("\\d+")).toList()) {
				long[] backend = statOrNull(Long.parseLong(process.getFileName().toString()));
				if (backend != null && backend[1] == this.postmaster) {
					// with what a live one has waited for: the archiver's archive_command
					postgres += backend[11] + backend[12] + backend[13] + backend[14];
				}
			}
		}
		return new Sample((self[11] + self[12]) / TICKS_PER_SECOND, (self[13] + self[14]) / TICKS_PER_SECOND,
				postgres / TICKS_PER_SECOND);
	}

	/**
	 * CPU seconds of process {@code pid} (a server started detached from this JVM), the children it has waited for
	 * and its live children (their own waited-for children included); empty when it has ended.
	 */
	static java.util.OptionalDouble treeSeconds(long pid) {
		long[] process = statOrNull(pid);
		if (process == null) {
			return java.util.OptionalDouble.empty();
		}
		long ticks = process[11] + process[12] + process[13] + process[14];
		try {
			String children = Files.readString(Path.of("/proc", String.valueOf(pid), "task", String.valueOf(pid),
					"children"));
			for (String child : children.strip().split("\\s+")) {
				long[] fields = child.isEmpty() ? null : statOrNull(Long.parseLong(child));
				if (fields != null) {
					ticks += fields[11] + fields[12] + fields[13] + fields[14];
				}
			}
		}
		catch (IOException ex) {
			// ended meanwhile: its own fields are what it used
		}
		return java.util.OptionalDouble.of(ticks / TICKS_PER_SECOND);
	}

	/** The fields of {@code /proc/PID/stat} after the command: [0] state, [1] ppid, ..., [11] utime, [14] cstime. */
	private static long[] stat(long pid) throws IOException {
		long[] fields = statOrNull(pid);
		if (fields == null) {
			throw new IOException("no process " + pid);
		}
		return fields;
	}

	private static long[] statOrNull(long pid) {
		String line;
		try {
			line = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		}
		catch (IOException ex) {
			return null; // ended meanwhile
		}
		String[] parts = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
		long[] fields = new long[15];
		for (int index = 1; index < fields.length; index++) {
			fields[index] = Long.parseLong(parts[index]);
		}
		return fields;
	}

}
