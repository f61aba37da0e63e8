package io.flowbatch.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -Dflowbatch.benchmark.jvm-cache=cds|aot} (with {@code -Dflowbatch.child.app=DIR}, the extracted jar):
 * before the rounds, the job runs once on a small generated database and leaves the cache its next runs map, as
 * the launcher's first run of a kind does: {@code cds} a class-data-sharing archive
 * ({@code -XX:ArchiveClassesAtExit}, any JDK), {@code aot} JDK 25's AOT cache with the training run's loaded and
 * linked classes and method profiles ({@code -XX:AOTCacheOutput}, JEP 483/514/515).
 */
final class JobJvmCache {

	private JobJvmCache() {
	}

	/** Trains the cache if one is asked for; returns a description for the report. */
	static String prepare(TestPostgres postgres, String[] generate, String... job) throws Exception {
		String kind = System.getProperty("flowbatch.benchmark.jvm-cache", "none");
		String options = System.getProperty("flowbatch.child.jvm-options", "");
		String described = "child JVM " + System.getProperty("flowbatch.child.java", "(this JDK)") + " "
				+ (System.getProperty("flowbatch.child.app", "").isEmpty() ? "test classpath" : "packaged jar")
				+ ", options [" + options + "], cache " + kind;
		if (kind.equals("none")) {
			return described;
		}
		Path app = Path.of(System.getProperty("flowbatch.child.app"));
		Path cache = app.resolve(kind.equals("aot") ? "benchmark.aot" : "benchmark.jsa");
		Files.deleteIfExists(cache);
		String url = System.getProperty("spring.datasource.url");
		postgres.createDatabase("bench_jvm_training");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl("bench_jvm_training"));
		long started = System.nanoTime();
		try {
			CliRun generated = CliRun.of(generate);
			assertThat(generated.exitCode()).as(generated.toString()).isZero();
			System.setProperty("flowbatch.child.jvm-options", options + " "
					+ (kind.equals("aot") ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + cache);
			try (ChildFlowbatch child = ChildFlowbatch.start(job)) {
				int exit = child.awaitExit(Duration.ofMinutes(30));
				assertThat(exit).as(child.stderr()).isZero();
			}
			assertThat(cache).exists();
		}
		finally {
			System.setProperty("spring.datasource.url", url);
		}
		System.setProperty("flowbatch.child.jvm-options", options + " "
				+ (kind.equals("aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache + " -Xlog:cds=off -Xlog:aot=off");
		return String.format("%s (trained in %.1f s, %,d bytes)", described,
				BenchmarkReport.seconds(System.nanoTime() - started), Files.size(cache));
	}

}
