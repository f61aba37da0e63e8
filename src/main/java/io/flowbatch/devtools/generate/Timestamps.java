package io.flowbatch.devtools.generate;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Formats epoch milliseconds without a formatter object: the generator writes millions of timestamps. */
final class Timestamps {

	private Timestamps() {
	}

	/** {@code 2026-07-01 12:34:56[.789]}: a TIMESTAMP literal in UTC. */
	static void appendSql(StringBuilder out, long epochMillis) {
		append(out, epochMillis, ' ');
	}

	/** {@code 2026-07-01T12:34:56[.789]Z}, as the webhook senders write their timestamps. */
	static String iso(long epochMillis) {
		StringBuilder out = new StringBuilder(24);
		append(out, epochMillis, 'T');
		return out.append('Z').toString();
	}

	private static void append(StringBuilder out, long epochMillis, char dateTimeSeparator) {
		LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
		int millis = (int) Math.floorMod(epochMillis, 1000);
		digits(out, time.getYear(), 4).append('-');
		digits(out, time.getMonthValue(), 2).append('-');
		digits(out, time.getDayOfMonth(), 2).append(dateTimeSeparator);
		digits(out, time.getHour(), 2).append(':');
		digits(out, time.getMinute(), 2).append(':');
		digits(out, time.getSecond(), 2);
		if (millis != 0) {
			digits(out.append('.'), millis, 3);
		}
	}

	private static StringBuilder digits(StringBuilder out, int value, int width) {
		String text = Integer.toString(value);
		for (int i = text.length(); i < width; i++) {
			out.append('0');
		}
		return out.append(text);
	}

}
