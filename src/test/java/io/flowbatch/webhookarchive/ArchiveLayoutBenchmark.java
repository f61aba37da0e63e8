package io.flowbatch.webhookarchive;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import java.util.UUID;

import com.sun.management.ThreadMXBean;
import io.flowbatch.parquet.ParquetFiles;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the row group size shapes an archive object the size {@code archive-compact} makes (docs/archive.md, "File
 * format choices"): the same synthetic webhook events (GitHub-push-shaped JSON, 300 B to 3 KB, log-uniform, like
 * {@code generate}'s) written with 8, 32, 64 and 128 MiB row groups; for each, the file, its row groups, the writer's
 * CPU time and the most it held in memory, and DuckDB's best of three for a scan and for a lookup by
 * {@code delivery_id}; three rounds, sizes in rotating order, best and median. {@code -Dflowbatch.benchmark.events=N} (default 300,000, about 330 MB of JSON).
 */
@Tag("benchmark")
class ArchiveLayoutBenchmark {

	private static final long MIB = 1024 * 1024;

	private static final String[] WORDS = ("fix refactor add remove update flow item stage metric webhook archive"
			+ " retention test build deploy release merge branch cache query index partition parquet schema review"
			+ " timeout retry error handler service client server config docs bump dependency version").split(" ");

	@Test
	void rowGroupSizes() throws Exception {
		int events = Integer.getInteger("flowbatch.benchmark.events", 300_000);
		Path dir = Files.createTempDirectory("flowbatch-layout");
		List<String> lines = new ArrayList<>();
		lines.add("# archive layout at " + Instant.now() + ", " + events + " events, "
				+ Runtime.getRuntime().availableProcessors() + " cores, heap max "
				+ Runtime.getRuntime().maxMemory() / MIB + " MiB");
		long[] sizes = { 8, 32, 64, 128 };
		Map<Long, List<double[]>> rounds = new TreeMap<>();
		Map<Long, String> layout = new TreeMap<>();
		for (int round = 0; round < 3; round++) {
			// Each round in another order, so that no size always runs first (JIT warm-up) or last.
			for (int k = 0; k < sizes.length; k++) {
				long rowGroupMiB = sizes[(k + round) % sizes.length];
				Path file = dir.resolve("events-" + rowGroupMiB + ".parquet");
				ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
				long cpu = threads.getCurrentThreadCpuTime();
				long peakBuffered = 0;
				long jsonBytes = 0;
				String probe = null;
				SplittableRandom random = new SplittableRandom(42);
				try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(WebhookEventRecords.SCHEMA,
						new LocalOutputFile(file), file.toString(), rowGroupMiB * MIB, "payload", "delivery_id")) {
					for (int i = 0; i < events; i++) {
						GenericRecord record = event(random, i);
						jsonBytes += ((Utf8) record.get("payload")).getByteLength();
						if (i == events / 2) {
							probe = record.get("delivery_id").toString();
						}
						writer.write(record);
						if (i % 1_000 == 0) {
							// Written plus buffered, minus written to the file so far: the open row group.
							peakBuffered = Math.max(peakBuffered, writer.getDataSize() - Files.size(file));
						}
					}
				}
				double writeCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
				// Every size must hold the same rows and find the probe: the layout changes speed, never content.
				assertThat(count("SELECT count(*) FROM read_parquet('" + file + "')")).isEqualTo(events);
				assertThat(count("SELECT count(*) FROM read_parquet('" + file + "') WHERE delivery_id = '" + probe
						+ "'")).isEqualTo(1);
				long[] groups = rowGroups(file);
				double scan = bestOfThree("SELECT event_type, count(*), sum(strlen(payload::VARCHAR)) FROM read_parquet('"
						+ file + "') GROUP BY 1");
				double lookup = bestOfThree("SELECT count(*) FROM read_parquet('" + file + "') WHERE delivery_id = '"
						+ probe + "'");
				layout.put(rowGroupMiB, String.format(
						"file %6.1f MiB (JSON %6.1f MiB), %3d row groups of %5.1f MiB compressed, writer buffer peak %6.1f MiB",
						Files.size(file) / (double) MIB, jsonBytes / (double) MIB, groups[0],
						groups[1] / (double) groups[0] / MIB, peakBuffered / (double) MIB));
				rounds.computeIfAbsent(rowGroupMiB, (key) -> new ArrayList<>()).add(new double[] { writeCpu, scan, lookup });
				Files.delete(file);
			}
		}
		for (long rowGroupMiB : sizes) {
			List<double[]> figures = rounds.get(rowGroupMiB);
			lines.add(String.format("row groups %3d MiB: %s; writer CPU best %.2f median %.2f s;"
					+ " DuckDB scan best %.3f median %.3f s, lookup best %.3f median %.3f s", rowGroupMiB,
					layout.get(rowGroupMiB), best(figures, 0), median(figures, 0), best(figures, 1), median(figures, 1),
					best(figures, 2), median(figures, 2)));
		}
		Files.delete(dir);
		Path report = Path.of("target", "benchmarks", "archive-layout.txt");
		Files.createDirectories(report.getParent());
		for (String line : lines) {
			System.out.println("[benchmark] " + line);
			Files.writeString(report, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
	}

	/** The file's row groups and their compressed bytes, as DuckDB's {@code parquet_metadata} reads its footer. */
	private static long[] rowGroups(Path file) throws Exception {
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = duckdb.createStatement();
				ResultSet row = statement.executeQuery("SELECT count(DISTINCT row_group_id), sum(total_compressed_size)"
						+ " FROM parquet_metadata('" + file + "')")) {
			row.next();
			return new long[] { row.getLong(1), row.getLong(2) };
		}
	}

	private static long count(String sql) throws Exception {
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = duckdb.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getLong(1);
		}
	}

	private static double best(List<double[]> figures, int column) {
		return figures.stream().mapToDouble((f) -> f[column]).min().orElseThrow();
	}

	private static double median(List<double[]> figures, int column) {
		return figures.stream().mapToDouble((f) -> f[column]).sorted().toArray()[figures.size() / 2];
	}

	private static double bestOfThree(String sql) throws Exception {
		double best = Double.MAX_VALUE;
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = duckdb.createStatement()) {
			statement.execute("SET threads = 2");
			for (int round = 0; round < 3; round++) {
				long start = System.nanoTime();
				try (ResultSet rows = statement.executeQuery(sql)) {
					while (rows.next()) {
						rows.getObject(1);
					}
				}
				best = Math.min(best, (System.nanoTime() - start) / 1e9);
			}
		}
		return best;
	}

	private static GenericRecord event(SplittableRandom random, int i) {
		int size = (int) Math.exp(Math.log(300) + random.nextDouble() * (Math.log(3_000) - Math.log(300)));
		StringBuilder message = new StringBuilder();
		while (message.length() < size - 280) {
			message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
		}
		String payload = "{\"ref\": \"refs/heads/main\", \"after\": \"" + sha(random) + "\", \"before\": \""
				+ sha(random) + "\", \"pusher\": {\"name\": \"dev-" + random.nextInt(200)
				+ "\"}, \"commits\": [{\"id\": \"" + sha(random) + "\", \"message\": \"" + message
				+ "\", \"timestamp\": \"2026-09-" + (10 + random.nextInt(20)) + "T10:" + (10 + random.nextInt(50))
				+ ":00Z\"}], \"repository\": {\"id\": " + random.nextInt(100) + ", \"full_name\": \"acme/repo-"
				+ random.nextInt(100) + "\"}}";
		GenericRecord record = new GenericData.Record(WebhookEventRecords.SCHEMA);
		long micros = 1_790_000_000_000_000L + i * 8_640_000L;
		record.put("id", (long) i);
		record.put("source", new Utf8("github"));
		record.put("event_type", new Utf8("push"));
		record.put("delivery_id", new Utf8(new UUID(random.nextLong(), random.nextLong()).toString()));
		record.put("payload", new Utf8(payload));
		record.put("processing_status", new Utf8("processed"));
		record.put("received_at", micros);
		record.put("processed_at", micros + 3_000_000L);
		return record;
	}

	private static String sha(SplittableRandom random) {
		byte[] bytes = new byte[20];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) random.nextInt(256);
		}
		return HexFormat.of().formatHex(bytes);
	}

}
