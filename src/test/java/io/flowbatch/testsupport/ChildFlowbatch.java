package io.flowbatch.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flowbatch.cli.FlowbatchCommandLine;

/**
 * {@code flowbatch ARGS...} in a child JVM with this test's classpath and database, so that a test can kill it
 * (SIGKILL) or ask it to stop (SIGTERM) the way a scheduler or an operator would.
 */
public final class ChildFlowbatch implements AutoCloseable {

	private final Process process;

	private final BufferedReader stdout;

	private final Path stderr;

	private ChildFlowbatch(Process process, Path stderr) {
		this.process = process;
		this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.stderr = stderr;
	}

	public static ChildFlowbatch start(String... args) throws IOException {
		TestPostgres database = TestPostgres.get();
		// -Dflowbatch.child.java=JDK/bin/java: another JVM; -Dflowbatch.child.app=DIR: the packaged application as the
		// launcher runs it (target/flowbatch.jar extracted by Spring Boot's jarmode tools), which class-data sharing
		// and the AOT cache need (they take classes from jars only, not from target/classes)
		String javaCommand = System.getProperty("flowbatch.child.java",
				Path.of(System.getProperty("java.home"), "bin", "java").toString());
		String app = System.getProperty("flowbatch.child.app", "");
		List<String> command = new ArrayList<>(app.isEmpty()
				? List.of(javaCommand, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
						FlowbatchCommandLine.class.getName())
				: List.of(javaCommand, "-Xmx256m", "-jar", Path.of(app, "flowbatch.jar").toString()));
		// e.g. -Dflowbatch.child.jvm-options="-XX:StartFlightRecording=filename=/tmp/child.jfr" to profile a benchmark
		String extraOptions = System.getProperty("flowbatch.child.jvm-options", "").strip();
		if (!extraOptions.isEmpty()) {
			command.addAll(1, List.of(extraOptions.split("\\s+")));
		}
		command.addAll(List.of(args));
		Path stderr = Files.createTempFile("flowbatch-child", ".err");
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
		builder.environment().put("SPRING_DATASOURCE_URL", System.getProperty("spring.datasource.url", database.jdbcUrl()));
		builder.environment().put("SPRING_DATASOURCE_USERNAME", database.username());
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", database.password());
		builder.environment().putAll(TestS3.environmentIfStarted());
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("flowbatch."))
			.forEach((name) -> builder.environment().put(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace("-", ""),
					System.getProperty(name)));
		return new ChildFlowbatch(builder.start(), stderr);
	}

	/** Reads the first stdout line, {@code execution-id: N}, printed once the execution exists. */
	public long awaitExecutionId() throws IOException {
		return Long.parseLong(awaitLine("execution-id: ").substring("execution-id: ".length()).trim());
	}

	/** Reads stdout up to the first line that starts with {@code prefix}, and returns that line. */
	public String awaitLine(String prefix) throws IOException {
		String line = this.stdout.readLine();
		// JVM diagnostics (a JFR recording, a profiler agent) may print first.
		StringBuilder before = new StringBuilder();
		while (line != null && !line.startsWith(prefix)) {
			before.append(line).append('\n');
			line = this.stdout.readLine();
		}
		if (line == null) {
			throw new IllegalStateException("child printed no line starting '" + prefix + "'; stdout:\n" + before
					+ "stderr:\n" + stderr());
		}
		return line;
	}

	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** SIGTERM, as Kubernetes or systemd send it; returns the exit code. */
	public int terminate(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("child did not end within " + timeout + " of SIGTERM");
		}
		return this.process.exitValue();
	}

	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("child did not end within " + timeout);
		}
		return this.process.exitValue();
	}

	/** What the child printed on stdout after the lines read so far, up to its end. */
	public String remainingStdout() throws IOException {
		StringBuilder rest = new StringBuilder();
		for (String line = this.stdout.readLine(); line != null; line = this.stdout.readLine()) {
			rest.append(line).append('\n');
		}
		return rest.toString();
	}

	/** Waits until the child has logged {@code text} (on stderr). */
	public void awaitLog(String text, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!stderr().contains(text)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("child never logged '" + text + "':\n" + stderr());
			}
			Thread.sleep(100);
		}
	}

	public String stderr() {
		try {
			return Files.readString(this.stderr);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws IOException {
		this.process.destroyForcibly();
		Files.deleteIfExists(this.stderr);
	}

}
