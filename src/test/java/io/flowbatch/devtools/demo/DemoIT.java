package io.flowbatch.devtools.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, {@code ./flowbatch demo}, run on the packaged jar in a JVM of its own with no database
 * or S3 settings in its environment, as on a fresh clone; and the production jar without the demo's libraries.
 */
class DemoIT {

	private static final Path JAR = Path.of("target", "flowbatch.jar");

	@Test
	void theProductionJarCarriesNoneOfTheDemosLibrariesAndSaysSo() throws Exception {
		List<String> packaged;
		try (ZipFile jar = new ZipFile(JAR.toFile())) {
			packaged = jar.stream()
				.map(ZipEntry::getName)
				.filter((name) -> name.startsWith("BOOT-INF/lib/"))
				.map((name) -> name.substring("BOOT-INF/lib/".length()))
				.toList();
		}
		try (Stream<Path> demoLibraries = Files.list(Path.of("target", "demo-lib"))) {
			assertThat(demoLibraries.map((jar) -> jar.getFileName().toString()))
				.contains("s3proxy-4.1.0.jar")
				.doesNotContainAnyElementsOf(packaged);
		}
		Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				JAR.toString(), "demo").redirectErrorStream(true).start();
		String printed = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(demo.waitFor()).isEqualTo(2);
		assertThat(printed).startsWith("flowbatch: this jar does not carry the demo's libraries");
	}

	@Test
	void demoRunsEveryJobOnItsOwnServersAndLeavesNothingRunning() throws Exception {
		ProcessBuilder builder = new ProcessBuilder("./flowbatch", "demo").redirectErrorStream(true);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().keySet().removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("FLOWBATCH_")
				|| name.startsWith("AWS_"));
		Path output = Files.createTempFile("flowbatch-demo", ".out");
		Process demo = builder.redirectOutput(output.toFile()).start();
		assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("demo finished").isTrue();
		String printed = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(demo.exitValue()).as(printed).isZero();

		List<String> jobs = List.of("daily-metrics", "webhook-archive", "flow-item-retention", "backup", "backup-verify",
				"restore-test");
		for (String job : jobs) {
			assertThat(printed).contains("$ flowbatch run " + job)
				.containsPattern("Execution \\d+ of job " + Pattern.quote(job) + " .*\\n  status +COMPLETED");
		}
		assertThat(printed).contains("$ flowbatch history").contains("The newest daily metrics in PostgreSQL:");
		Matcher archived = Pattern.compile("\\n  webhook_events +(\\d+) +(\\d+) ").matcher(printed);
		assertThat(archived.find()).as(printed).isTrue();
		assertThat(Long.parseLong(archived.group(2))).as("webhook rows read back by DuckDB").isPositive();
		assertThat(printed).containsPattern("\\n  flow_items +\\d+ +[1-9]\\d* ");

		Matcher home = Pattern.compile("files under (\\S+)").matcher(printed);
		assertThat(home.find()).isTrue();
		Path demoHome = Path.of(home.group(1));
		try {
			assertThat(demoHome.resolve("postgres")).as("the embedded PostgreSQL's files are removed").doesNotExist();
			try (Stream<Path> files = Files.walk(demoHome.resolve("s3"))) {
				assertThat(files.filter((file) -> file.toString().endsWith(".parquet")).count()).isPositive();
			}
			assertThat(serverProcessesUnder(demoHome)).as("nothing left running").isEmpty();
		}
		finally {
			FileSystemUtils.deleteRecursively(demoHome);
		}
	}

	private static List<String> serverProcessesUnder(Path directory) throws IOException {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter((process) -> process.getFileName().toString().matches("\\d+"))
				.map((process) -> {
					try {
						return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
							.replace('\0', ' ');
					}
					catch (IOException ex) {
						return "";
					}
				})
				.filter((commandLine) -> commandLine.contains(directory.toString()))
				.toList();
		}
	}

}
