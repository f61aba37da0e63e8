package io.flowbatch.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** How the console shows times (UTC, as stored), durations, counts and sizes. */
final class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private Formats() {
	}

	/** Batch metadata and flowbatch's tables hold UTC in TIMESTAMP columns; shown as stored. */
	static @Nullable LocalDateTime local(@Nullable Object timestamp) {
		return (timestamp instanceof Timestamp value) ? value.toLocalDateTime() : (LocalDateTime) timestamp;
	}

	static String time(@Nullable Object timestamp) {
		LocalDateTime time = local(timestamp);
		return (time != null) ? TIME.format(time) : "-";
	}

	/** {@code hh:mm:ss}; a running execution's so far, marked. */
	static String duration(@Nullable Object start, @Nullable Object end) {
		LocalDateTime from = local(start);
		if (from == null) {
			return "-";
		}
		LocalDateTime to = local(end);
		Duration duration = Duration.between(from, (to != null) ? to : LocalDateTime.now(java.time.ZoneOffset.UTC));
		return String.format(Locale.ROOT, "%02d:%02d:%02d%s", duration.toHours(), duration.toMinutesPart(),
				duration.toSecondsPart(), (to != null) ? "" : " (running)");
	}

	static String seconds(@Nullable Object seconds) {
		if (!(seconds instanceof Number number)) {
			return "-";
		}
		double value = number.doubleValue();
		// hundredths below 10 s, where restores of small databases and their phases are
		int scale = (value < 10) ? 2 : 1;
		return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString() + " s";
	}

	static String count(@Nullable Object count) {
		return (count instanceof Number number) ? String.format(Locale.ROOT, "%,d", number.longValue()) : "-";
	}

	/** Binary units, one decimal: 1.5 MiB. */
	static String bytes(@Nullable Object bytes) {
		if (!(bytes instanceof Number number)) {
			return "-";
		}
		double value = number.doubleValue();
		String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
		int unit = 0;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return (unit == 0) ? number.longValue() + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

}
