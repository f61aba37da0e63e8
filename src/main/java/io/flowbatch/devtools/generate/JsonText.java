package io.flowbatch.devtools.generate;

import java.util.SplittableRandom;

/**
 * Writes JSON exactly as PostgreSQL prints a jsonb value ({@code ", "} and {@code ": "} between tokens, the same
 * string escapes), so that the length of ASCII text written here is the {@code octet_length(payload::text)} of the
 * stored value. One string may be marked for padding, which {@link #padTo} later grows to an exact total length.
 */
final class JsonText {

	private final StringBuilder text;

	private boolean[] firstInContainer = new boolean[8];

	private int depth;

	private boolean afterName;

	private int paddingAt = -1;

	JsonText(int expectedLength) {
		this.text = new StringBuilder(expectedLength);
	}

	JsonText beginObject() {
		return open('{');
	}

	JsonText endObject() {
		return close('}');
	}

	JsonText beginArray() {
		return open('[');
	}

	JsonText endArray() {
		return close(']');
	}

	JsonText name(String name) {
		separate();
		quoted(name);
		this.text.append(": ");
		this.afterName = true;
		return this;
	}

	JsonText value(String value) {
		separate();
		if (value == null) {
			this.text.append("null");
		}
		else {
			quoted(value);
		}
		return this;
	}

	JsonText value(long value) {
		separate();
		this.text.append(value);
		return this;
	}

	JsonText value(boolean value) {
		separate();
		this.text.append(value);
		return this;
	}

	JsonText field(String name, String value) {
		return name(name).value(value);
	}

	JsonText field(String name, long value) {
		return name(name).value(value);
	}

	JsonText field(String name, boolean value) {
		return name(name).value(value);
	}

	/** A string field whose value is {@code start} followed by the padding that {@link #padTo} inserts. */
	JsonText paddedField(String name, String start) {
		if (this.paddingAt >= 0) {
			throw new IllegalStateException("a document has one padded field");
		}
		name(name);
		separate();
		this.text.append('"');
		escaped(start);
		this.paddingAt = this.text.length();
		this.text.append('"');
		return this;
	}

	/** Grows the padded field with {@code filler} text until the document is {@code length} characters long. */
	JsonText padTo(int length, Filler filler, SplittableRandom random) {
		int missing = length - this.text.length();
		if (missing > 0 && this.paddingAt >= 0) {
			this.text.insert(this.paddingAt, filler.text(missing, random));
		}
		return this;
	}

	int length() {
		return this.text.length();
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

	private JsonText open(char bracket) {
		separate();
		this.text.append(bracket);
		if (++this.depth == this.firstInContainer.length) {
			this.firstInContainer = java.util.Arrays.copyOf(this.firstInContainer, this.depth * 2);
		}
		this.firstInContainer[this.depth] = true;
		return this;
	}

	private JsonText close(char bracket) {
		this.depth--;
		this.text.append(bracket);
		return this;
	}

	private void separate() {
		if (this.afterName) {
			this.afterName = false;
		}
		else if (this.depth > 0) {
			if (!this.firstInContainer[this.depth]) {
				this.text.append(", ");
			}
			this.firstInContainer[this.depth] = false;
		}
	}

	private void quoted(String value) {
		this.text.append('"');
		escaped(value);
		this.text.append('"');
	}

	/** PostgreSQL's escape_json: quote, backslash and control characters, nothing else. */
	private void escaped(String value) {
		int runStart = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= ' ' && c != '"' && c != '\\') {
				continue;
			}
			this.text.append(value, runStart, i);
			runStart = i + 1;
			switch (c) {
				case '"' -> this.text.append("\\\"");
				case '\\' -> this.text.append("\\\\");
				case '\n' -> this.text.append("\\n");
				case '\r' -> this.text.append("\\r");
				case '\t' -> this.text.append("\\t");
				case '\b' -> this.text.append("\\b");
				case '\f' -> this.text.append("\\f");
				default -> this.text.append(String.format("\\u%04x", (int) c));
			}
		}
		this.text.append(value, runStart, value.length());
	}

}
