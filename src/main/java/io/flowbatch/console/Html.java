package io.flowbatch.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A page under construction. Everything that comes from the database or the request goes through {@link #text} or
 * an attribute value, both escaped; only the console's own markup goes through {@link #raw}.
 */
final class Html {

	private final StringBuilder out = new StringBuilder(8192);

	static String escape(Object value) {
		String text = (value != null) ? value.toString() : "";
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/** {@code path?name=value&...}, values URL-encoded; empty values are left out. */
	static String url(String path, Map<String, ?> query) {
		String encoded = query.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != null && !entry.getValue().toString().isEmpty())
			.map((entry) -> entry.getKey() + "="
					+ URLEncoder.encode(entry.getValue().toString(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return encoded.isEmpty() ? path : path + "?" + encoded;
	}

	/** The console's own markup; never anything read from the request or the database. */
	Html raw(String markup) {
		this.out.append(markup);
		return this;
	}

	Html text(Object value) {
		this.out.append(escape(value));
		return this;
	}

	/** {@code <tag name="value" ...>}; {@code attributes} alternate names (the console's own) and values (escaped). */
	Html open(String tag, Object... attributes) {
		this.out.append('<').append(tag);
		for (int i = 0; i + 1 < attributes.length; i += 2) {
			if (attributes[i + 1] != null) {
				this.out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
			}
		}
		this.out.append('>');
		return this;
	}

	Html close(String tag) {
		this.out.append("</").append(tag).append('>');
		return this;
	}

	/** {@code <tag ...>text</tag>}. */
	Html element(String tag, Object text, Object... attributes) {
		return open(tag, attributes).text(text).close(tag);
	}

	Html link(String href, Object text) {
		return element("a", text, "href", href);
	}

	@Override
	public String toString() {
		return this.out.toString();
	}

}
