package io.flowbatch.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command-line tools that tests run for real (the Pushgateway, promtool, kubectl), found on the {@code PATH}:
 * {@code ./test}, the README's test command, installs them.
 */
public final class Tools {

	private Tools() {
	}

	public static Path onPath(String name, String debianPackage) {
		return Stream.of(System.getenv("PATH").split(":"))
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(name + " is not on the PATH: install Debian's " + debianPackage
					+ " (./test, the README's test command, does)"));
	}

	/** Runs {@code name} with {@code arguments} in {@code directory} to its end and returns what it printed. */
	public static Result run(Path directory, String name, String debianPackage, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(onPath(name, debianPackage).toString());
		command.addAll(List.of(arguments));
		try {
			Path output = Files.createTempFile("flowbatch-test-" + name, ".out");
			try {
				Process process = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(2, TimeUnit.MINUTES)) {
					process.destroyForcibly();
					throw new IllegalStateException(String.join(" ", command) + " did not end within 2 minutes");
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted running " + String.join(" ", command), ex);
		}
	}

	/** A tool's exit code and its output (stdout and stderr together). */
	public record Result(int exitCode, String output) {
	}

}
