package io.flowbatch.catalog;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** {@code ${name}} placeholders in catalog defaults and bounds. */
final class Placeholders {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

	private Placeholders() {
	}

	static @Nullable String resolve(@Nullable String text, Function<String, String> lookup) {
		if (text == null) {
			return null;
		}
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String value = lookup.apply(matcher.group(1));
			if (value == null) {
				throw new IllegalStateException("the job catalog refers to '" + matcher.group(1)
						+ "', which is neither an earlier parameter nor a configuration property");
			}
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
		}
		return matcher.appendTail(resolved).toString();
	}

}
