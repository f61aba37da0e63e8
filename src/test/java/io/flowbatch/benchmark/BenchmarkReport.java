package io.flowbatch.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Benchmark figures, printed and appended to {@code target/benchmarks/NAME.txt} for the record. */
final class BenchmarkReport {

	private final Path file;

	BenchmarkReport(String name) {
		this.file = Path.of("target", "benchmarks", name + ".txt");
		line("# " + name + " at " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores");
	}

	void line(String text) {
		System.out.println("[benchmark] " + text);
		try {
			Files.createDirectories(this.file.getParent());
			Files.writeString(this.file, text + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
