package io.flowbatch.parquet;

import java.nio.charset.StandardCharsets;

/**
 * Hive-style partition path segments ({@code name=value}). Values are percent-encoded (UTF-8) except for
 * {@code A-Z a-z 0-9 . _ -}, so that {@code /}, {@code =}, spaces and non-ASCII characters keep the path one valid
 * segment, and DuckDB, Spark, Trino and Athena decode it back to the original value.
 */
public final class HivePartitions {

	private HivePartitions() {
	}

	public static String segment(String name, String value) {
		return name + "=" + encode(value);
	}

	static String encode(String value) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
					|| c == '-') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

}
