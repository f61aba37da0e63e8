package io.flowbatch.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The filters of {@code flowbatch history}, checked before anything connects. */
public record HistoryQuery(@Nullable String job, LocalDateTime since, @Nullable String status, OutputFormat format,
		int limit) {

	private static final Pattern RELATIVE = Pattern.compile("(\\d+)([dhm])");

	private static final Set<String> STATUSES = Set.of("COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED",
			"FAILED", "ABANDONED", "UNKNOWN");

	static HistoryQuery from(@Nullable String job, @Nullable String since, @Nullable String status,
			@Nullable String limit, OutputFormat format) {
		String upperStatus = null;
		if (status != null) {
			upperStatus = status.toUpperCase(Locale.ROOT);
			if (!STATUSES.contains(upperStatus)) {
				throw new CliException(ExitCode.USAGE, "--status must be one of " + STATUSES + ", got '" + status
						+ "'");
			}
		}
		return new HistoryQuery(job, since((since != null) ? since : "30d"), upperStatus, format,
				limit((limit != null) ? limit : "100"));
	}

	/** The filters alone, checked as {@code history} checks them, for a caller that does not print (the console). */
	public static HistoryQuery filters(@Nullable String job, @Nullable String since, @Nullable String status,
			@Nullable String limit) {
		return from(job, since, status, limit, OutputFormat.TABLE);
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
