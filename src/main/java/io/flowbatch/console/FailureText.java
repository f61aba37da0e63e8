package io.flowbatch.console;

import org.jspecify.annotations.Nullable;

/**
 * An exit description as Spring Batch stores it, often a whole stack trace: its first line, and the innermost
 * {@code Caused by:} (the root cause, which usually names the bad record or the refused connection).
 */
record FailureText(String firstLine, @Nullable String rootCause, String full) {

	private static final String CAUSED_BY = "Caused by: ";

	static FailureText of(@Nullable String description) {
		String full = (description != null) ? description.strip() : "";
		String first = full.lines().findFirst().orElse("").strip();
		String rootCause = full.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith(CAUSED_BY))
			.reduce((earlier, later) -> later)
			.map((line) -> line.substring(CAUSED_BY.length()).strip())
			.filter((cause) -> !cause.equals(first))
			.orElse(null);
		return new FailureText(first, rootCause, full);
	}

	boolean isEmpty() {
		return this.full.isEmpty();
	}

	/** More than the first line: worth a "full text" disclosure. */
	boolean hasMore() {
		return !this.full.equals(this.firstLine);
	}

}
