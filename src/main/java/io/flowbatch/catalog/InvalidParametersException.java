package io.flowbatch.catalog;

import java.util.List;

/** The command line's parameters do not fit the catalog; nothing has been started. */
public class InvalidParametersException extends RuntimeException {

	private final List<String> problems;

	public InvalidParametersException(String jobName, List<String> problems) {
		super("invalid parameters for job '" + jobName + "': " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
