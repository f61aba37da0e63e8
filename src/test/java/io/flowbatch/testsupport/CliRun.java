package io.flowbatch.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.flowbatch.cli.FlowbatchCommandLine;

/** Runs {@code flowbatch ARGS...} in this JVM, exactly as the launcher would, and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

	public static CliRun of(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode = new FlowbatchCommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8))
			.execute(args);
		return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** The id printed on the first line by {@code run} and {@code restart}. */
	public long executionId() {
		String first = this.out.lines().findFirst().orElse("");
		if (!first.startsWith("execution-id: ")) {
			throw new IllegalStateException("no execution id printed; out:\n" + this.out + "\nerr:\n" + this.err);
		}
		return Long.parseLong(first.substring("execution-id: ".length()).trim());
	}

	@Override
	public String toString() {
		return "exit " + this.exitCode + "\n--- out\n" + this.out + "--- err\n" + this.err;
	}

}
