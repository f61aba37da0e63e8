package io.flowbatch.pitr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * pitr-test's {@code target}: {@code auto} (the drill picks a time between two markers it writes) or a time, as
 * ISO-8601 ({@code 2026-11-28T22:09:43.5Z}) or as PostgreSQL prints it ({@code 2026-11-28 22:09:43.5+00}); without
 * an offset it is UTC.
 */
final class TargetTime {

	static final String AUTO = "auto";

	private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.append(DateTimeFormatter.ISO_LOCAL_DATE)
		.optionalStart().appendLiteral('T').optionalEnd()
		.optionalStart().appendLiteral(' ').optionalEnd()
		.append(DateTimeFormatter.ISO_LOCAL_TIME)
		.optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
		.optionalStart().appendOffset("+HH", "Z").optionalEnd()
		.toFormatter();

	/** What pgBackRest's {@code --target} and PostgreSQL's {@code recovery_target_time} read. */
	private static final DateTimeFormatter POSTGRES = new DateTimeFormatterBuilder()
		.appendPattern("yyyy-MM-dd HH:mm:ss")
		.appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
		.appendLiteral("+00")
		.toFormatter();

	private TargetTime() {
	}

	/** Empty for {@code auto}; fails with a usage message for anything unreadable. */
	static Optional<Instant> parse(String text) {
		if (text == null || text.isBlank() || text.strip().equalsIgnoreCase(AUTO)) {
			return Optional.empty();
		}
		try {
			var parsed = LENIENT.parseBest(text.strip(), OffsetDateTime::from, LocalDateTime::from);
			Instant instant = (parsed instanceof OffsetDateTime offset) ? offset.toInstant()
					: ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
			return Optional.of(instant.truncatedTo(ChronoUnit.MICROS));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("target must be 'auto' or a time such as 2026-11-28T22:09:43Z or"
					+ " '2026-11-28 22:09:43+00' (UTC when no offset is given), not '" + text + "'");
		}
	}

	static String forPostgres(Instant instant) {
		return POSTGRES.format(instant.atOffset(ZoneOffset.UTC));
	}

}
