package io.flowbatch.devtools.generate;

import java.util.SplittableRandom;

/**
 * Realistic free text of an exact length for padding a JSON string: sentences or lines picked at random and
 * joined by a separator. Fragments and separator are already JSON-escaped ({@code \\n} for a line break).
 */
final class Filler {

	private final String[] fragments;

	private final String separator;

	Filler(String separator, String... fragments) {
		this.fragments = fragments;
		this.separator = separator;
	}

	/** {@code count} whole fragments. */
	String fragments(int count, SplittableRandom random) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				text.append(this.separator);
			}
			text.append(this.fragments[random.nextInt(this.fragments.length)]);
		}
		return text.toString();
	}

	/** Exactly {@code length} characters, the last fragment cut where the length ends. */
	String text(int length, SplittableRandom random) {
		StringBuilder text = new StringBuilder(length + 120);
		while (text.length() < length) {
			if (text.length() > 0) {
				text.append(this.separator);
			}
			text.append(this.fragments[random.nextInt(this.fragments.length)]);
		}
		text.setLength(length);
		// A cut through an escape such as \n would leave a lone backslash: invalid JSON.
		if (text.charAt(length - 1) == '\\') {
			text.setCharAt(length - 1, '.');
		}
		return text.toString();
	}

}
