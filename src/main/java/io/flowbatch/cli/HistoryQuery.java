package io.flowbatch.cli;

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
record HistoryQuery(@Nullable String job, LocalDateTime since, @Nullable String status, Format format, int limit) {

	enum Format {

		TABLE, JSON, CSV

	}

	private static final Pattern RELATIVE = Pattern.compile("(\\d+)([dhm])");

	private static final Set<String> STATUSES = Set.of("COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED",
			"FAILED", "ABANDONED", "UNKNOWN");

	static HistoryQuery from(Map<String, String> options) {
		String status = options.get("status");
		if (status != null) {
			status = status.toUpperCase(Locale.ROOT);
			if (!STATUSES.contains(status)) {
				throw new CliException(ExitCode.USAGE, "--status must be one of " + STATUSES + ", got '"
						+ options.get("status") + "'");
			}
		}
		return new HistoryQuery(options.get("job"), since(options.getOrDefault("since", "30d")), status,
				format(options.getOrDefault("format", "table")), limit(options.getOrDefault("limit", "100")));
	}

	private static LocalDateTime since(String raw) {
		Matcher relative = RELATIVE.matcher(raw);
		if (relative.matches()) {
			long amount = Long.parseLong(relative.group(1));
			Duration duration = switch (relative.group(2)) {
				case "d" -> Duration.ofDays(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofMinutes(amount);
			};
			return LocalDateTime.now(ZoneOffset.UTC).minus(duration);
		}
		try {
			return LocalDate.parse(raw).atStartOfDay();
		}
		catch (DateTimeParseException ex) {
			throw new CliException(ExitCode.USAGE,
					"--since takes an age (7d, 12h, 30m) or a UTC date (2026-11-01), got '" + raw + "'");
		}
	}

	private static Format format(String raw) {
		try {
			return Format.valueOf(raw.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCode.USAGE, "--format must be table, json or csv, got '" + raw + "'");
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
