package io.flowbatch.cli;

import java.util.Locale;

/** {@code -o table|json|csv} of the verbs that print data. */
enum OutputFormat {

	TABLE, JSON, CSV;

	static OutputFormat parse(String raw) {
		try {
			return valueOf(raw.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCode.USAGE, "--output (-o) must be table, json or csv, got '" + raw + "'");
		}
	}

}
