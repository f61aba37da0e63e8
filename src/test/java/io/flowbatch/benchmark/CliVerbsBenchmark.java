package io.flowbatch.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15's benchmark: {@code status ID} and {@code history} as an operator runs them, whole processes, against a job
 * repository of 10,000 executions. Sides, alternating, 10 rounds each: the baseline jar
 * ({@code -Dflowbatch.benchmark.baseline-jar=PATH}, built from the commit before the read-only verbs; full context and
 * Flyway), this jar by {@code java -jar}, and {@code ./flowbatch} (extracted jar, class-data-sharing archive, C1).
 * Wall and CPU seconds (user + system) per process, from {@code /usr/bin/time}. Needs {@code target/flowbatch.jar}
 * ({@code ./mvnw -DskipTests package}).
 */
@Tag("benchmark")
class CliVerbsBenchmark {

	private static final int ROUNDS = Integer.getInteger("flowbatch.benchmark.rounds", 10);

	@Test
	void statusAndHistoryAgainstTenThousandExecutions() throws Exception {
		BenchmarkReport report = new BenchmarkReport("cli-verbs");
		TestPostgres postgres = TestPostgres.get();
		postgres.createDatabase("bench_cli_verbs");
		String url = postgres.jdbcUrl("bench_cli_verbs");
		String defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", url);
		try {
			assertThat(CliRun.of("migrate").exitCode()).isZero();
		}
		finally {
			System.setProperty("spring.datasource.url", defaultUrl);
		}
		JdbcClient jdbc = JdbcClient.create(postgres.dataSource("bench_cli_verbs"));
		jdbc.sql(Files.readString(Path.of("src/test/resources/benchmark/ten-thousand-executions.sql"))).update();
		long executions = jdbc.sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single();
		long middle = jdbc.sql("SELECT min(job_execution_id) + count(*) / 2 FROM batch_job_execution")
			.query(Long.class)
			.single();
		report.line(String.format("job repository: %,d executions", executions));
		report.line("load average at the start: " + Files.readString(Path.of("/proc/loadavg")).strip());

		Map<String, List<String>> sides = new LinkedHashMap<>();
		String baseline = System.getProperty("flowbatch.benchmark.baseline-jar");
		if (baseline != null) {
			sides.put("baseline java -jar", List.of("java", "-jar", baseline));
		}
		sides.put("java -jar", List.of("java", "-jar", "target/flowbatch.jar"));
		sides.put("./flowbatch", List.of("./flowbatch"));
		Map<String, List<String>> verbs = Map.of("status", List.of("status", String.valueOf(middle)), "history",
				List.of("history"));
		// A short job run (daily-metrics over an empty day), to see what the archive saves a run's JVM; each run a
		// new instance (rerun=N). The baseline jar's run is the same code path as this jar's.
		AtomicInteger rerun = new AtomicInteger(1000);
		Map<String, List<double[]>> timings = new LinkedHashMap<>();
		// One untimed run per side and kind of verb: the launcher extracts the jar and writes an archive on first use.
		for (List<String> side : sides.values()) {
			run(side, List.of("status", String.valueOf(middle)), postgres, url);
			run(side, List.of("run", "daily-metrics", "lookbackDays=1", "rerun=" + rerun.incrementAndGet()), postgres,
					url);
		}
		for (int round = 0; round < ROUNDS; round++) {
			for (Map.Entry<String, List<String>> verb : verbs.entrySet()) {
				for (Map.Entry<String, List<String>> side : sides.entrySet()) {
					timings.computeIfAbsent(verb.getKey() + " | " + side.getKey(), (key) -> new ArrayList<>())
						.add(run(side.getValue(), verb.getValue(), postgres, url));
				}
			}
			for (Map.Entry<String, List<String>> side : sides.entrySet()) {
				if (!side.getKey().startsWith("baseline")) {
					timings.computeIfAbsent("run daily-metrics | " + side.getKey(), (key) -> new ArrayList<>())
						.add(run(side.getValue(), List.of("run", "daily-metrics", "lookbackDays=1",
								"rerun=" + rerun.incrementAndGet()), postgres, url));
				}
			}
		}
		report.line("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).strip());
		timings.forEach((name, runs) -> report.line(String.format(
				"%-32s wall best %.2f s median %.2f s | CPU best %.2f s median %.2f s (%d runs)", name,
				best(runs, 0), median(runs, 0), best(runs, 1), median(runs, 1), runs.size())));
	}

	/** Wall and CPU seconds of one process. */
	private static double[] run(List<String> side, List<String> verb, TestPostgres postgres, String url)
			throws Exception {
		Path times = Files.createTempFile("flowbatch-time", ".txt");
		List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S"));
		command.addAll(side);
		command.addAll(verb);
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("SPRING_DATASOURCE_URL", url);
		builder.environment().put("SPRING_DATASOURCE_USERNAME", postgres.username());
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", postgres.password());
		Process process = builder.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
		String[] fields = Files.readString(times).strip().split("\\s+");
		Files.delete(times);
		return new double[] { Double.parseDouble(fields[0]),
				Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]) };
	}

	private static double best(List<double[]> runs, int field) {
		return runs.stream().mapToDouble((run) -> run[field]).min().orElseThrow();
	}

	private static double median(List<double[]> runs, int field) {
		double[] sorted = runs.stream().mapToDouble((run) -> run[field]).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

}
