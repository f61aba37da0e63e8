package io.flowbatch.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The value types a catalog parameter can have, with the words the catalog and the CLI use for them. */
public enum ParameterType {

	STRING("string", "text"), LONG("long", "a whole number"), BOOLEAN("boolean", "true or false"),
	/** A calendar day: {@code YYYY-MM-DD}, {@code today}, {@code yesterday} or {@code today-N} in the configured zone. */
	DATE("date", "a date (YYYY-MM-DD, today, yesterday or today-N)");

	private static final java.util.regex.Pattern DAYS_AGO = java.util.regex.Pattern.compile("today-(\\d{1,5})");

	private final String catalogName;

	private final String expectation;

	ParameterType(String catalogName, String expectation) {
		this.catalogName = catalogName;
		this.expectation = expectation;
	}

	public String catalogName() {
		return this.catalogName;
	}

	static ParameterType fromCatalogName(String name) {
		for (ParameterType type : values()) {
			if (type.catalogName.equals(name)) {
				return type;
			}
		}
		throw new IllegalArgumentException("unknown parameter type '" + name + "'");
	}

	/**
	 * Converts a raw value; {@code today} anchors the relative date words.
	 * @throws IllegalArgumentException with a message that names what was expected
	 */
	Comparable<?> parse(String raw, LocalDate today) {
		String value = raw.trim();
		try {
			return switch (this) {
				case STRING -> value;
				case LONG -> Long.valueOf(value);
				case BOOLEAN -> parseBoolean(value);
				case DATE -> switch (value) {
					case "today" -> today;
					case "yesterday" -> today.minusDays(1);
					default -> {
						java.util.regex.Matcher daysAgo = DAYS_AGO.matcher(value);
						yield daysAgo.matches() ? today.minusDays(Long.parseLong(daysAgo.group(1))) : LocalDate.parse(value);
					}
				};
			};
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw new IllegalArgumentException("must be " + this.expectation + ", got '" + raw + "'");
		}
	}

	private Boolean parseBoolean(String value) {
		if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
			return Boolean.valueOf(value);
		}
		throw new NumberFormatException(value);
	}

}
