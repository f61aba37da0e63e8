package io.flowbatch.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A parsed command line: the verb, its positional arguments, {@code name=value} job parameters and
 * {@code --option value} options. Parsing checks shape only; meaning is checked by the verb.
 */
record CommandLine(String verb, List<String> arguments, Map<String, String> parameters, Map<String, String> options) {

	/** The key under which {@code --help} or {@code -h} anywhere after the verb is recorded. */
	static final String HELP = "help";

	private static final int MAX_REASON_LENGTH = 1000;

	static CommandLine parse(String... args) {
		if (args.length == 0) {
			throw new CliException(ExitCode.USAGE, "no command given; try 'flowbatch help'");
		}
		List<String> arguments = new ArrayList<>();
		Map<String, String> parameters = new LinkedHashMap<>();
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("-o")) {
				arg = "--output";
			}
			if (arg.equals("--help") || arg.equals("-h")) {
				options.put(HELP, "");
			}
			else if (arg.startsWith("--")) {
				String option = arg.substring(2);
				int equals = option.indexOf('=');
				if (equals >= 0) {
					options.put(option.substring(0, equals), option.substring(equals + 1));
				}
				else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
					options.put(option, args[++i]);
				}
				else {
					// Every option takes a value: '--job' alone must not quietly mean job "true". Reported by
					// rejectUnknownOptions, after an unknown option (the likelier mistake).
					options.put(option, null);
				}
			}
			else if (arg.contains("=")) {
				int equals = arg.indexOf('=');
				String name = arg.substring(0, equals);
				if (parameters.put(name, arg.substring(equals + 1)) != null) {
					throw new CliException(ExitCode.USAGE, "parameter '" + name + "' given twice");
				}
			}
			else {
				arguments.add(arg);
			}
		}
		return new CommandLine(args[0], List.copyOf(arguments), parameters, options);
	}

	boolean wantsHelp() {
		return this.options.containsKey(HELP);
	}

	/** The one positional argument, if given. */
	java.util.Optional<String> optionalArgument() {
		return this.arguments.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(requireArgument("action"));
	}

	String requireArgument(String what) {
		if (this.arguments.isEmpty()) {
			throw new CliException(ExitCode.USAGE, "'" + this.verb + "' needs " + what);
		}
		if (this.arguments.size() > 1) {
			throw new CliException(ExitCode.USAGE,
					"'" + this.verb + "' takes one " + what + ", got: " + String.join(" ", this.arguments));
		}
		return this.arguments.get(0);
	}

	long requireExecutionId() {
		String raw = requireArgument("an execution id");
		try {
			long id = Long.parseLong(raw);
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new CliException(ExitCode.USAGE, "execution id must be a positive whole number, got '" + raw + "'");
	}

	void rejectUnknownOptions(String... known) {
		for (String option : this.options.keySet()) {
			if (!option.equals(HELP) && !List.of(known).contains(option)) {
				throw new CliException(ExitCode.USAGE, "'" + this.verb + "' has no option --" + option
						+ (known.length > 0 ? " (it takes: --" + String.join(", --", known) + ")" : ""));
			}
		}
		this.options.forEach((option, value) -> {
			if (value == null) {
				throw new CliException(ExitCode.USAGE, "option --" + option + " needs a value");
			}
		});
	}

	/** The operator's {@code --reason}, recorded with the action; null when not given. */
	@Nullable String reason() {
		String reason = this.options.get("reason");
		if (reason == null) {
			return null;
		}
		reason = reason.strip();
		if (reason.isEmpty() || reason.length() > MAX_REASON_LENGTH) {
			throw new CliException(ExitCode.USAGE,
					"--reason must be 1 to " + MAX_REASON_LENGTH + " characters, got " + reason.length());
		}
		return reason;
	}

	void rejectParameters() {
		if (!this.parameters.isEmpty()) {
			throw new CliException(ExitCode.USAGE, "'" + this.verb + "' takes no name=value parameters, got: "
					+ String.join(", ", this.parameters.keySet()));
		}
	}

}
