package io.flowbatch.benchmark;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.flowbatch.sql.SqlFiles;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, PostgreSQL's share: what a partition's export costs through JDBC (the archive jobs' prepared, streamed,
 * sorted query) against {@code COPY (the same SELECT) TO STDOUT (FORMAT binary)} read with PgJDBC's CopyManager and
 * its tuples decoded in Java, on the same generated events, alternating; CPU seconds of the PostgreSQL backend and of
 * the client JVM. Read-only: both read every webhook-archive partition of a generated database.
 * {@code -Dflowbatch.benchmark.events=N} (default 300,000).
 */
@Tag("benchmark")
class ExportProtocolBenchmark {

	private static final String DATABASE = "bench_export_protocol";

	private static final double TICKS_PER_SECOND = 100.0;

	/** This JVM's CPU: the reading thread, and for COPY the decoding thread (nothing else runs here meanwhile). */
	private final com.sun.management.OperatingSystemMXBean process = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	@Test
	void jdbcAgainstBinaryCopy() throws Exception {
		long events = Long.getLong("flowbatch.benchmark.events", 300_000L);
		BenchmarkReport report = new BenchmarkReport("export-protocol");
		TestPostgres postgres = TestPostgres.get();
		postgres.createDatabase(DATABASE);
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl(DATABASE));
		try {
			CliRun generated = CliRun.of("generate", "--teams", "1", "--flow-items", "0", "--webhooks",
					String.valueOf(events), "--days", "120");
			assertThat(generated.exitCode()).as(generated.toString()).isZero();
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
		}
		LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(7);
		String export = SqlFiles.read("queries/webhook-archive/export-partition.sql");
		try (Connection connection = postgres.dataSource(DATABASE).getConnection()) {
			connection.setAutoCommit(false);
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("VACUUM ANALYZE webhook_events");
				// As the jobs' export transactions (export-session.sql).
				statement.execute("SET work_mem = '64MB'");
			}
			connection.setAutoCommit(false);
			List<Object[]> partitions = new ArrayList<>();
			try (Statement statement = connection.createStatement();
					ResultSet plan = statement.executeQuery("SELECT source, to_char(received_at, 'YYYY-MM'), min(id),"
							+ " max(id) FROM webhook_events WHERE received_at < '" + before + "' GROUP BY 1, 2")) {
				while (plan.next()) {
					partitions.add(new Object[] { plan.getString(1), plan.getString(2), plan.getLong(3), plan.getLong(4) });
				}
			}
			connection.commit();
			long backend = backendPid(connection);
			int rounds = Integer.getInteger("flowbatch.benchmark.rounds", 3);
			List<String> modes = List.of("JDBC (prepared, fetch size 1,000)",
					"JDBC, plan_cache_mode = force_custom_plan", "COPY (FORMAT binary), decoded in Java",
					"COPY (FORMAT text), lines counted");
			for (int round = 1; round <= rounds; round++) {
				for (int turn = 0; turn < modes.size(); turn++) {
					int mode = (turn + round - 1) % modes.size();
					double backendBefore = backendCpu(backend);
					long clientBefore = this.process.getProcessCpuTime();
					long rows = 0;
					for (Object[] partition : partitions) {
						rows += switch (mode) {
							case 0 -> jdbc(connection, export, partition, before, false);
							case 1 -> jdbc(connection, export, partition, before, true);
							case 2 -> copy(connection, export, partition, before, true);
							default -> copy(connection, export, partition, before, false);
						};
					}
					double backendSeconds = backendCpu(backend) - backendBefore;
					double clientSeconds = (this.process.getProcessCpuTime() - clientBefore) / 1e9;
					report.line(String.format("round %d %s: %,d rows of %d partitions; CPU s PostgreSQL backend %.2f,"
							+ " client JVM %.2f, together %.2f", round, modes.get(mode), rows, partitions.size(),
							backendSeconds, clientSeconds, backendSeconds + clientSeconds));
				}
			}
		}
	}

	/** The archive jobs' export: prepared, streamed in a transaction, every column read as the row mappers do. */
	private static long jdbc(Connection connection, String export, Object[] partition, LocalDate before,
			boolean customPlan) throws Exception {
		long rows = 0;
		if (customPlan) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(export.replace(":source", "?")
			.replace(":month_start", "?")
			.replace(":month_end", "?")
			.replace(":cutoff", "?")
			.replace(":first_id", "?")
			.replace(":last_id", "?")
			.replace(":include_unprocessed", "?"))) {
			statement.setFetchSize(1_000);
			LocalDate month = LocalDate.parse(partition[1] + "-01");
			statement.setString(1, (String) partition[0]);
			statement.setTimestamp(2, Timestamp.valueOf(month.atStartOfDay()));
			statement.setTimestamp(3, Timestamp.valueOf(month.plusMonths(1).atStartOfDay()));
			statement.setTimestamp(4, Timestamp.valueOf(before.atStartOfDay()));
			statement.setString(5, partition[2].toString());
			statement.setString(6, partition[3].toString());
			statement.setBoolean(7, true);
			try (ResultSet row = statement.executeQuery()) {
				while (row.next()) {
					row.getLong(1);
					row.getString(2);
					row.getString(3);
					row.getString(4);
					row.getString(5);
					row.getString(6);
					row.getString(7);
					row.getTimestamp(8);
					row.getTimestamp(9);
					row.getLong(10);
					rows++;
				}
			}
		}
		connection.commit();
		return rows;
	}

	/**
	 * The same SELECT through {@code COPY ... TO STDOUT}: binary, each field decoded as its Java value, or text, its
	 * lines counted.
	 */
	private static long copy(Connection connection, String export, Object[] partition, LocalDate before,
			boolean binary) throws Exception {
		LocalDate month = LocalDate.parse(partition[1] + "-01");
		String select = export.replaceAll("(?m)^--.*$", "")
			.replace(":source", "'" + partition[0] + "'")
			.replace(":month_start", "'" + month + "'")
			.replace(":month_end", "'" + month.plusMonths(1) + "'")
			.replace(":cutoff", "'" + before + "'")
			.replace(":first_id", "'" + partition[2] + "'")
			.replace(":last_id", "'" + partition[3] + "'")
			.replace(":include_unprocessed", "true");
		PipedInputStream in = new PipedInputStream(1 << 16);
		PipedOutputStream out = new PipedOutputStream(in);
		CompletableFuture<Long> decoded = CompletableFuture.supplyAsync(() -> binary ? decode(in) : lines(in));
		try (out) {
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyOut("COPY (" + select + ") TO STDOUT (FORMAT " + (binary ? "binary" : "text") + ")", out);
		}
		long rows = decoded.get();
		connection.commit();
		return rows;
	}

	/** PostgreSQL's binary COPY format: header, then per tuple a field count and each field's length and bytes. */
	private static long decode(InputStream stream) {
		try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 1 << 16))) {
			in.skipNBytes(11 + 4);
			in.skipNBytes(in.readInt());
			long rows = 0;
			while (true) {
				short fields = in.readShort();
				if (fields == -1) {
					return rows;
				}
				for (int field = 0; field < fields; field++) {
					int length = in.readInt();
					if (length < 0) {
						continue;
					}
					if (field == 0 || field == 7 || field == 8 || field == 9) {
						in.readLong(); // int8, timestamp (microseconds since 2000-01-01), row version
					}
					else {
						byte[] bytes = in.readNBytes(length);
						if (field == 4) {
							new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8); // jsonb: version byte
						}
						else {
							new String(bytes, StandardCharsets.UTF_8);
						}
					}
				}
				rows++;
			}
		}
		catch (EOFException ex) {
			throw new IllegalStateException("binary COPY ended before its trailer", ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long lines(InputStream stream) {
		try (InputStream in = stream) {
			long lines = 0;
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				for (int index = 0; index < read; index++) {
					if (buffer[index] == '\n') {
						lines++;
					}
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long backendPid(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
			pid.next();
			return pid.getLong(1);
		}
	}

	private static double backendCpu(long pid) throws IOException {
		String line = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
	}

}
