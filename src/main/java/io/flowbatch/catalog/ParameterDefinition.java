package io.flowbatch.catalog;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * One parameter of a catalog job: its type, default, inclusive bounds and whether it identifies the job instance
 * (two runs with the same identifying values are the same instance: once COMPLETED it cannot run again).
 */
public record ParameterDefinition(String name, ParameterType type, boolean identifying, @Nullable String defaultValue,
		@Nullable String min, @Nullable String max, String description) {

	public boolean required() {
		return this.defaultValue == null;
	}

	/** The bounds in words for the {@code jobs} table, e.g. {@code 0..400} or {@code <= today}. */
	public String bounds() {
		if (this.min != null && this.max != null) {
			return this.min + ".." + this.max;
		}
		if (this.min != null) {
			return ">= " + this.min;
		}
		return (this.max != null) ? "<= " + this.max : "";
	}

	/** This definition with its bounds' placeholders resolved. */
	ParameterDefinition withBounds(@Nullable String resolvedMin, @Nullable String resolvedMax) {
		return new ParameterDefinition(this.name, this.type, this.identifying, this.defaultValue, resolvedMin,
				resolvedMax, this.description);
	}

	/** Parses and bounds-checks a value, throwing {@link IllegalArgumentException} with the reason. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	Object convert(String raw, LocalDate today) {
		Comparable value = this.type.parse(raw, today);
		if (this.min != null && value.compareTo(this.type.parse(this.min, today)) < 0) {
			throw new IllegalArgumentException(outOfBounds(raw));
		}
		if (this.max != null && value.compareTo(this.type.parse(this.max, today)) > 0) {
			throw new IllegalArgumentException(outOfBounds(raw));
		}
		return value;
	}

	private String outOfBounds(String raw) {
		String range = (this.min != null && this.max != null) ? "between " + this.min + " and " + this.max
				: (this.min != null) ? "at least " + this.min : "at most " + this.max;
		return "must be " + range + ", got '" + raw + "'";
	}

}
