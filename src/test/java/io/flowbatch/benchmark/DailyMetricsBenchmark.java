package io.flowbatch.benchmark;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import io.flowbatch.sql.SqlFiles;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #3's benchmark: a 90-day daily-metrics backfill over generated data (100,000 flow items over 120 days)
 * against its floor, the one plain SQL statement that computes and writes the same rows. Reports the ratio; asserts
 * only that both produced the same rows.
 */
@Tag("benchmark")
class DailyMetricsBenchmark {

	private static final int ROUNDS = 3;

	@Test
	void ninetyDayBackfillAgainstThePlainSqlFloor() {
		BenchmarkReport report = new BenchmarkReport("daily-metrics");
		TestPostgres postgres = TestPostgres.get();
		postgres.createDatabase("bench_daily_metrics");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl("bench_daily_metrics"));
		JdbcClient jdbc = JdbcClient.create(postgres.dataSource("bench_daily_metrics"));

		CliRun generated = CliRun.of("generate", "--teams", "20", "--flow-items", "100000", "--webhooks", "0", "--days",
				"120");
		assertThat(generated.exitCode()).as(generated.toString()).isZero();
		jdbc.sql("VACUUM ANALYZE").update();
		LocalDate last = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
		LocalDate first = last.minusDays(89);
		// The job's two statements (team rows, stage rows) over the whole window, run as plain SQL.
		List<String> floorSql = List.of(SqlFiles.read("queries/daily-metrics/upsert-days.sql"),
				SqlFiles.read("queries/daily-metrics/upsert-stage-days.sql"));

		List<Double> floor = new ArrayList<>();
		List<Double> job = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			long started = System.nanoTime();
			for (String statement : floorSql) {
				jdbc.sql(statement)
					.param("from_day", first)
					.param("to_day", last)
					.param("zone", "UTC")
					.param("execution_id", -1L)
					.query()
					.singleRow();
			}
			floor.add(BenchmarkReport.seconds(System.nanoTime() - started));
			CliRun run = CliRun.of("run", "daily-metrics", "date=" + last, "lookbackDays=89", "rerun=" + (round + 1));
			assertThat(run.exitCode()).as(run.toString()).isZero();
			job.add(executionSeconds(jdbc, run.executionId()));
		}
		double floorBest = floor.stream().min(Double::compare).orElseThrow();
		double jobBest = job.stream().min(Double::compare).orElseThrow();
		long rows = jdbc.sql("SELECT count(*) FROM team_daily_metrics").query(Long.class).single();
		report.line("data: 100,000 flow items, 20 teams, 120 days; window " + first + ".." + last + " (90 days), "
				+ rows + " metric rows");
		report.line("floor (the two upsert statements, whole window), seconds per round: " + floor);
		report.line("job execution (recompute-days in chunks + view refresh), seconds per round: " + job);
		report.line(String.format("best of %d: job %.3f s, floor %.3f s, ratio job/floor = %.2f (target <= 1.5)",
				ROUNDS, jobBest, floorBest, jobBest / floorBest));
		System.clearProperty("spring.datasource.url");
		TestPostgres.get();
		System.setProperty("spring.datasource.url", postgres.jdbcUrl());
	}

	private static double executionSeconds(JdbcClient jdbc, long executionId) {
		List<LocalDateTime> times = jdbc.sql("SELECT start_time, end_time FROM batch_job_execution WHERE job_execution_id = ?")
			.param(executionId)
			.query((rs, n) -> List.of(rs.getTimestamp(1).toLocalDateTime(), rs.getTimestamp(2).toLocalDateTime()))
			.single();
		return Duration.between(times.get(0), times.get(1)).toNanos() / 1e9;
	}

}
