package io.flowbatch.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, target 2: webhook-archive with its two partition workers as threads of the job's JVM (local, the default)
 * against the same run with {@code flowbatch.partitioning=remote} and two {@code flowbatch worker} JVMs over RabbitMQ,
 * alternating, on identical data: each run gets a fresh copy of one generated database (its events and an empty job
 * repository) and an S3 prefix of its own. Reports per run the wall time of the run's process, the CPU seconds of
 * every flowbatch JVM and of PostgreSQL ({@link ProcessCpu}), and how many partitions each worker JVM ran. {@code -Dflowbatch.benchmark.events=N} (default
 * 200,000), {@code -Dflowbatch.benchmark.rounds=N} (default 3).
 */
@Tag("benchmark")
class RemotePartitioningBenchmark {

	private static final String TEMPLATE = "bench_remote_template";

	private static final String RUN_DATABASE = "bench_remote_run";

	@Test
	void twoWorkerJvmsAgainstTwoWorkerThreads() throws Exception {
		long events = Long.getLong("flowbatch.benchmark.events", 200_000L);
		int rounds = Integer.getInteger("flowbatch.benchmark.rounds", 3);
		BenchmarkReport report = new BenchmarkReport("remote-partitioning");
		TestPostgres postgres = TestPostgres.get();
		TestS3.get();
		String defaultUrl = System.getProperty("spring.datasource.url");
		LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(7);
		try {
			postgres.createDatabase(TEMPLATE);
			System.setProperty("spring.datasource.url", postgres.jdbcUrl(TEMPLATE));
			CliRun generated = CliRun.of("generate", "--teams", "1", "--flow-items", "0", "--webhooks",
					String.valueOf(events), "--days", "120");
			assertThat(generated.exitCode()).as(generated.toString()).isZero();
			JdbcClient template = JdbcClient.create(postgres.dataSource(TEMPLATE));
			template.sql("VACUUM ANALYZE webhook_events").update();
			long rows = template.sql("SELECT count(*) FROM webhook_events WHERE received_at < ?")
				.param(before.atStartOfDay())
				.query(Long.class)
				.single();
			report.line(String.format("%,d generated events, %,d before %s; load average %s", events, rows, before,
					loadAverage()));

			Map<String, List<String>> results = new LinkedHashMap<>();
			for (int round = 1; round <= rounds; round++) {
				for (boolean remote : new boolean[] { false, true }) {
					String side = remote ? "remote, 2 worker JVMs" : "local, 2 worker threads";
					results.computeIfAbsent(side, (key) -> new ArrayList<>())
						.add(run(postgres, remote, before, rows));
				}
			}
			results.forEach((side, runs) -> runs.forEach((run) -> report.line(side + ": " + run)));
			report.line("load average at the end: " + loadAverage());
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			for (String name : List.of("flowbatch.s3.prefix", "flowbatch.partitioning",
					"flowbatch.remote-partitioning.queue", "flowbatch.archive.workers")) {
				System.clearProperty(name);
			}
		}
	}

	/** One run on a fresh copy of the template; returns its figures. */
	private static String run(TestPostgres postgres, boolean remote, LocalDate before, long rows) throws Exception {
		copyTemplate(postgres);
		System.setProperty("spring.datasource.url", postgres.jdbcUrl(RUN_DATABASE));
		System.setProperty("flowbatch.s3.prefix", "bench-remote-" + UUID.randomUUID());
		System.setProperty("flowbatch.archive.workers", "2");
		System.setProperty("flowbatch.partitioning", remote ? "remote" : "local");
		System.setProperty("flowbatch.remote-partitioning.queue", "flowbatch-bench-" + UUID.randomUUID());
		List<ChildFlowbatch> workers = new ArrayList<>();
		try {
			if (remote) {
				workers.add(ChildFlowbatch.start("worker"));
				workers.add(ChildFlowbatch.start("worker"));
				for (ChildFlowbatch worker : workers) {
					worker.awaitLog("Connected to the broker", Duration.ofSeconds(120));
				}
			}
			double[] workersCpuBefore = workers.stream().mapToDouble(ChildFlowbatch::cpuSeconds).toArray();
			ProcessCpu cpu = ProcessCpu.of(postgres.dataSource(RUN_DATABASE));
			ProcessCpu.Sample cpuBefore = cpu.sample();
			long started = System.nanoTime();
			try (ChildFlowbatch run = ChildFlowbatch.start("run", "webhook-archive", "before=" + before,
					"includeUnprocessed=true")) {
				run.awaitExecutionId();
				assertThat(run.awaitExit(Duration.ofHours(1))).as(run.stderr()).isZero();
			}
			double wall = BenchmarkReport.seconds(System.nanoTime() - started);
			ProcessCpu.Sample used = cpu.sample().minus(cpuBefore);
			List<String> perWorker = new ArrayList<>();
			for (int i = 0; i < workers.size(); i++) {
				long partitions = workers.get(i)
					.stderr()
					.lines()
					.filter((line) -> line.contains("Running partition"))
					.count();
				perWorker.add(String.format("%d partition steps, %.1f CPU s", partitions,
						workers.get(i).cpuSeconds() - workersCpuBefore[i]));
			}
			JdbcClient jdbc = JdbcClient.create(postgres.dataSource(RUN_DATABASE));
			assertThat(jdbc.sql("SELECT sum(row_count) FROM archive_manifest").query(Long.class).single())
				.isEqualTo(rows);
			assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE received_at < ?")
				.param(before.atStartOfDay())
				.query(Long.class)
				.single()).isZero();
			return String.format("process %.2f s = %,.0f rows/s, run JVM %.1f CPU s%s, PostgreSQL %.1f CPU s; load %s",
					wall, rows / wall, used.children(),
					perWorker.isEmpty() ? "" : ", workers: " + String.join("; ", perWorker), used.postgres(),
					loadAverage());
		}
		finally {
			for (ChildFlowbatch worker : workers) {
				worker.close();
			}
		}
	}

	/** A fresh copy: the generated events and an empty job repository, without the template's connections. */
	private static void copyTemplate(TestPostgres postgres) throws Exception {
		try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(),
				postgres.password()); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + RUN_DATABASE + " WITH (FORCE)");
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + TEMPLATE
					+ "' AND pid <> pg_backend_pid()");
			statement.execute("CREATE DATABASE " + RUN_DATABASE + " TEMPLATE " + TEMPLATE);
		}
	}

	private static String loadAverage() throws IOException {
		return Files.readString(Path.of("/proc/loadavg")).strip();
	}

}
