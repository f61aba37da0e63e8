package io.flowbatch.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The filters of {@code flowbatch history}, checked before anything connects. */
public record HistoryQuery(@Nullable String job, LocalDateTime since, @Nullable String status, Format format,
		int limit) {

	enum Format {

		TABLE, JSON, CSV

	}

	private static final Pattern RELATIVE = Pattern.compile("(\\d+)([dhm])");

	private static final Set<String> STATUSES = Set.of("COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED",
			"FAILED", "ABANDONED", "UNKNOWN");

	public static HistoryQuery from(Map<String, String> options) {
		String status = options.get("status");
		if (status != null) {
			status = status.toUpperCase(Locale.ROOT);
			if (!STATUSES.contains(status)) {
				throw new CliException(ExitCode.USAGE, "--status must be one of " + STATUSES + ", got '"
						+ options.get("status") + "'");
			}
		}
		if (options.containsKey("format") && options.containsKey("output")) {
			throw new CliException(ExitCode.USAGE, "give --output (-o) or --format, not both");
		}
		String format = options.getOrDefault("output", options.getOrDefault("format", "table"));
		return new HistoryQuery(options.get("job"), since(options.getOrDefault("since", "30d")), status,
				format(format), limit(options.getOrDefault("limit", "100")));
	}

	private static LocalDateTime since(String raw) {
		Matcher relative = RELATIVE.matcher(raw);
		if (relative.matches()) {
			try {
				long amount = Long.parseLong(relative.group(1));
				Duration duration = switch (relative.group(2)) {
					case "d" -> Duration.ofDays(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofMinutes(amount);
				};
				return LocalDateTime.now(ZoneOffset.UTC).minus(duration);
			}
			catch (NumberFormatException | ArithmeticException | DateTimeException ex) {
				// more digits than a long, more seconds than a Duration, or before the earliest date
				throw sinceTooFarBack(raw);
			}
		}
		try {
			return LocalDate.parse(raw).atStartOfDay();
		}
		catch (DateTimeParseException ex) {
			throw new CliException(ExitCode.USAGE,
					"--since takes an age (7d, 12h, 30m) or a UTC date (2026-11-01), got '" + raw + "'");
		}
	}

	private static CliException sinceTooFarBack(String raw) {
		return new CliException(ExitCode.USAGE, "--since " + raw + " reaches back further than a date can; "
				+ "give a smaller age or a date such as 2020-01-01");
	}

	private static Format format(String raw) {
		try {
			return Format.valueOf(raw.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCode.USAGE, "--output (-o) must be table, json or csv, got '" + raw + "'");
		}
	}

	private static int limit(String raw) {
		try {
			int limit = Integer.parseInt(raw);
			if (limit > 0) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new CliException(ExitCode.USAGE, "--limit must be a positive whole number, got '" + raw + "'");
	}

}
