package io.flowbatch.parquet;

/**
 * Hive-style partition path segments ({@code name=value}) that DuckDB, Spark, Hive and Trino/Athena all decode to the
 * original value. Spark, Hive and Trino unescape a segment character by character ({@code %XX} becomes the one
 * character with code XX), so only ASCII characters may be escaped: an ASCII character other than
 * {@code A-Z a-z 0-9 . _ -} is written as {@code %XX} (so {@code /}, {@code =}, spaces and {@code %} keep the value one
 * segment), and every non-ASCII character is written as itself (UTF-8 in the key), never as escaped UTF-8 bytes, which
 * those engines would decode as one character per byte.
 */
public final class HivePartitions {

	private HivePartitions() {
	}

	public static String segment(String name, String value) {
		return name + "=" + encode(value);
	}

	static String encode(String value) {
		StringBuilder encoded = new StringBuilder();
		value.codePoints().forEach((c) -> {
			if (c > 0x7f || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-') {
				encoded.appendCodePoint(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		});
		return encoded.toString();
	}

}
