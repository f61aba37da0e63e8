package io.flowbatch.cli;

/** Ends a command with a one-line message on stderr and the given exit code. */
public class CliException extends RuntimeException {

	private final ExitCode exitCode;

	public CliException(ExitCode exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	public ExitCode exitCode() {
		return this.exitCode;
	}

}
