package io.flowbatch.benchmark;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, target 2: webhook-archive with its two partition workers as threads of the job's JVM (local, the default)
 * against the same run with {@code flowbatch.partitioning=remote} and two {@code flowbatch worker} JVMs over RabbitMQ,
 * in {@link AlternatingRounds} (each run a fresh copy of one generated database, an S3 prefix of its own). The
 * workers live only during their run, so the child processes' CPU seconds are every flowbatch JVM's; each remote run
 * also reports the partition steps each worker JVM ran. {@code -Dflowbatch.benchmark.events=N} (default 200,000),
 * {@code -Dflowbatch.benchmark.rounds=N} (default 3).
 */
@Tag("benchmark")
class RemotePartitioningBenchmark {

	private static final String DATABASE = "bench_remote_partitioning";

	@Test
	void twoWorkerJvmsAgainstTwoWorkerThreads() throws Exception {
		long events = Long.getLong("flowbatch.benchmark.events", 200_000L);
		BenchmarkReport report = new BenchmarkReport("remote-partitioning");
		TestPostgres postgres = TestPostgres.get();
		TestS3.get();
		postgres.createDatabase(DATABASE);
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl(DATABASE));
		LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(7);
		try {
			JdbcClient jdbc = JdbcClient.create(postgres.dataSource(DATABASE));
			long rows = GeneratedWebhooks.generate(jdbc, events, before);
			report.line(String.format("%,d generated events, %,d before %s", events, rows, before));
			System.setProperty("flowbatch.archive.workers", "2");
			AlternatingRounds rounds = new AlternatingRounds(report, postgres, DATABASE);
			rounds.keepGenerated();
			rounds.run(Integer.getInteger("flowbatch.benchmark.rounds", 3), "local, 2 worker threads",
					(round) -> archive(postgres, false, before, rows), "remote, 2 worker JVMs",
					(round) -> archive(postgres, true, before, rows));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			for (String name : List.of("flowbatch.s3.prefix", "flowbatch.partitioning",
					"flowbatch.remote-partitioning.queue", "flowbatch.archive.workers")) {
				System.clearProperty(name);
			}
		}
	}

	/** One run; for a remote one, the partition steps each worker JVM ran. */
	private static String archive(TestPostgres postgres, boolean remote, LocalDate before, long rows)
			throws Exception {
		System.setProperty("flowbatch.s3.prefix", "bench-remote-" + UUID.randomUUID());
		System.setProperty("flowbatch.partitioning", remote ? "remote" : "local");
		System.setProperty("flowbatch.remote-partitioning.queue", "flowbatch-bench-" + UUID.randomUUID());
		List<ChildFlowbatch> workers = new ArrayList<>();
		List<Long> partitionSteps = new ArrayList<>();
		try {
			if (remote) {
				workers.add(ChildFlowbatch.start("worker"));
				workers.add(ChildFlowbatch.start("worker"));
				for (ChildFlowbatch worker : workers) {
					worker.awaitLog("Connected to the broker", Duration.ofSeconds(120));
				}
			}
			try (ChildFlowbatch run = ChildFlowbatch.start("run", "webhook-archive", "before=" + before,
					"includeUnprocessed=true")) {
				run.awaitExecutionId();
				assertThat(run.awaitExit(Duration.ofHours(1))).as(run.stderr()).isZero();
			}
			for (ChildFlowbatch worker : workers) {
				partitionSteps.add(worker.stderr().lines().filter((line) -> line.contains("Running partition")).count());
			}
		}
		finally {
			for (ChildFlowbatch worker : workers) {
				// Ended and reaped within the run: their CPU counts among the child processes'.
				worker.close();
				worker.awaitExit(Duration.ofSeconds(30));
			}
		}
		JdbcClient jdbc = JdbcClient.create(postgres.dataSource(DATABASE));
		GeneratedWebhooks.assertAllArchived(jdbc, before, rows);
		return remote ? "partition steps per worker JVM: " + partitionSteps : "";
	}

}
