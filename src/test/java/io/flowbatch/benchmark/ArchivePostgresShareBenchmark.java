package io.flowbatch.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, PostgreSQL's share: {@code flowbatch run webhook-archive} of an earlier build
 * ({@code -Dflowbatch.benchmark.baseline-app=DIR}, the packaged application extracted as the launcher runs it) against
 * this build, alternating on fresh copies of the same generated events ({@link AlternatingRounds}), CPU seconds per
 * process. When the test PostgreSQL has {@code pg_stat_statements} loaded ({@code FLOWBATCH_TEST_POSTGRES_URL} to a
 * server started with {@code shared_preload_libraries = 'pg_stat_statements'}), each run also lists its statements by
 * total time ({@code target/benchmarks/pg-share-*.txt}).
 * {@code -Dflowbatch.benchmark.candidate-app=DIR} runs this build packaged the same way (default: from the test
 * classpath), so that both JVMs start alike. {@code -Dflowbatch.benchmark.events=N} (default 300,000).
 */
@Tag("benchmark")
class ArchivePostgresShareBenchmark {

	private static final String DATABASE = "bench_pg_share";

	@Test
	void postgresShareAgainstBaselineBuild() throws Exception {
		long events = Long.getLong("flowbatch.benchmark.events", 300_000L);
		String baselineApp = System.getProperty("flowbatch.benchmark.baseline-app", "");
		String candidateApp = System.getProperty("flowbatch.benchmark.candidate-app", "");
		assertThat(baselineApp).as("-Dflowbatch.benchmark.baseline-app=DIR (the earlier build)").isNotBlank();
		BenchmarkReport report = new BenchmarkReport("archive-postgres-share");
		TestPostgres postgres = TestPostgres.get();
		TestS3.get();
		postgres.createDatabase(DATABASE);
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl(DATABASE));
		try {
			JdbcClient jdbc = JdbcClient.create(postgres.dataSource(DATABASE));
			LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(7);
			long rows = GeneratedWebhooks.generate(jdbc, events, before);
			boolean statements = jdbc.sql("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_stat_statements'"
					+ " AND current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'")
				.query(Long.class)
				.single() > 0;
			if (statements) {
				jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
			}
			report.line(String.format("%,d events generated, %,d before the cutoff", events, rows));
			AlternatingRounds rounds = new AlternatingRounds(report, postgres, DATABASE);
			rounds.keepGenerated();
			rounds.run(Integer.getInteger("flowbatch.benchmark.rounds", 3), "baseline build " + baselineApp,
					(round) -> job(postgres, before, rows, round, "baseline", baselineApp, statements),
					"this build " + candidateApp,
					(round) -> job(postgres, before, rows, round, "this", candidateApp, statements));
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
			System.clearProperty("flowbatch.s3.prefix");
			System.clearProperty("flowbatch.child.app");
		}
	}

	private static String job(TestPostgres postgres, LocalDate before, long rows, int round, String side, String app,
			boolean statements) throws Exception {
		JdbcClient jdbc = JdbcClient.create(postgres.dataSource(DATABASE));
		if (statements) {
			jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).list();
		}
		System.setProperty("flowbatch.s3.prefix", "bench-pg-" + System.currentTimeMillis() + "-" + round);
		if (app.isEmpty()) {
			System.clearProperty("flowbatch.child.app");
		}
		else {
			System.setProperty("flowbatch.child.app", app);
		}
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "webhook-archive", "before=" + before,
				"includeUnprocessed=true")) {
			child.awaitExecutionId();
			int exit = child.awaitExit(Duration.ofHours(1));
			assertThat(exit).as(child.stderr()).isZero();
		}
		GeneratedWebhooks.assertAllArchived(jdbc, before, rows);
		if (!statements) {
			return "";
		}
		List<String> top = jdbc.sql("""
				SELECT to_char(s.total_exec_time / 1000, 'FM99990.00') || ' s ' || s.calls || ' calls '
				       || s.rows || ' rows: ' || regexp_replace(left(s.query, 160), '\\s+', ' ', 'g')
				  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
				 WHERE d.datname = ?
				 ORDER BY s.total_exec_time DESC
				 LIMIT 25""").param(DATABASE).query(String.class).list();
		Path file = Path.of("target", "benchmarks", "pg-share-" + side + "-round" + round + ".txt");
		Files.createDirectories(file.getParent());
		Files.write(file, top);
		return "statements by total time: " + file;
	}

}
