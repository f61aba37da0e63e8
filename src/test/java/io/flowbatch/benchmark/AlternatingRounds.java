package io.flowbatch.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.flowbatch.testsupport.TestPostgres;

/**
 * Two sides that both consume the same rows (each deletes what it archives), run alternately on fresh copies of one
 * generated database: each run gets {@code CREATE DATABASE ... TEMPLATE} of the generated one, rounds alternate
 * which side goes first, and every run reports its wall-clock time, the CPU seconds of each process and the load
 * average. The summary gives best and median of each side and their ratio.
 */
final class AlternatingRounds {

	/** One run of a side: what it took, and what it wants to add to its report line. */
	record Run(double seconds, ProcessCpu.Sample cpu, String note) {
	}

	@FunctionalInterface
	interface Side {

		/** Runs once against a fresh copy of the generated database; returns a note for the report. */
		String run(int round) throws Exception;

	}

	private final BenchmarkReport report;

	private final TestPostgres postgres;

	private final String database;

	private final String template;

	private final ProcessCpu cpu;

	AlternatingRounds(BenchmarkReport report, TestPostgres postgres, String database) throws Exception {
		this.report = report;
		this.postgres = postgres;
		this.database = database;
		this.template = database + "_generated";
		this.cpu = ProcessCpu.of(postgres.dataSource("postgres"));
	}

	/** Keeps the generated {@code database} as the template of every run's copy. */
	void keepGenerated() throws SQLException {
		admin("DROP DATABASE IF EXISTS " + this.template + " WITH (FORCE)");
		admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + this.database + "'");
		admin("ALTER DATABASE " + this.database + " RENAME TO " + this.template);
	}

	/**
	 * Runs both sides {@code rounds} times, alternating which goes first; returns the ratio of the medians (how
	 * many times faster {@code job} is than {@code baseline}: above 1 it is faster).
	 */
	double run(int rounds, String baselineName, Side baseline, String jobName, Side job) throws Exception {
		List<Run> baselineRuns = new ArrayList<>();
		List<Run> jobRuns = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			boolean baselineFirst = round % 2 == 1;
			for (int turn = 0; turn < 2; turn++) {
				boolean isBaseline = (turn == 0) == baselineFirst;
				Run measured = measure(round, isBaseline ? baselineName : jobName, isBaseline ? baseline : job);
				(isBaseline ? baselineRuns : jobRuns).add(measured);
			}
		}
		Run baselineMedian = median(baselineRuns);
		Run jobMedian = median(jobRuns);
		double bestBaseline = best(baselineRuns);
		double bestJob = best(jobRuns);
		this.report.line(String.format("%s: best %.2f s, median %.2f s (CPU s of the median run: %s)", baselineName,
				bestBaseline, baselineMedian.seconds(), cpu(baselineMedian.cpu())));
		this.report.line(String.format("%s: best %.2f s, median %.2f s (CPU s of the median run: %s)", jobName,
				bestJob, jobMedian.seconds(), cpu(jobMedian.cpu())));
		double ratio = baselineMedian.seconds() / jobMedian.seconds();
		this.report.line(String.format("ratio %s time / %s time: best %.2f, median %.2f (target >= 1.0)",
				baselineName, jobName, bestBaseline / bestJob, ratio));
		return ratio;
	}

	private Run measure(int round, String name, Side side) throws Exception {
		fresh();
		String load = loadAverage();
		ProcessCpu.Sample before = this.cpu.sample();
		long started = System.nanoTime();
		String note = side.run(round);
		double seconds = BenchmarkReport.seconds(System.nanoTime() - started);
		ProcessCpu.Sample used = this.cpu.sample().minus(before);
		this.report.line(String.format("round %d %s: %.2f s; CPU s %s; load %s%s", round, name, seconds, cpu(used),
				load, note.isEmpty() ? "" : "; " + note));
		return new Run(seconds, used, note);
	}

	static String cpu(ProcessCpu.Sample cpu) {
		return String.format("test JVM (S3 server, DuckDB) %.1f, child processes (job JVM, psql) %.1f, PostgreSQL %.1f",
				cpu.testJvm(), cpu.children(), cpu.postgres());
	}

	private void fresh() throws SQLException {
		admin("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
		admin("CREATE DATABASE " + this.database + " TEMPLATE " + this.template + " STRATEGY FILE_COPY");
		admin("CHECKPOINT");
	}

	private void admin(String sql) throws SQLException {
		try (Connection connection = this.postgres.dataSource("postgres").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Run median(List<Run> runs) {
		List<Run> sorted = runs.stream().sorted(Comparator.comparingDouble(Run::seconds)).toList();
		return sorted.get((sorted.size() - 1) / 2);
	}

	private static double best(List<Run> runs) {
		return runs.stream().mapToDouble(Run::seconds).min().orElseThrow();
	}

	private static String loadAverage() throws IOException {
		String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return fields[0] + " " + fields[1] + " " + fields[2];
	}

}
