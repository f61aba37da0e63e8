package io.flowbatch.parquet;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HivePartitionsTest {

	private static final String[] VALUES = { "github", "git/lab=x", "with space", "100%", "a+b", "ünïcödé 中文", "😀",
			"quote\"hash#star*colon:q?back\\slash", "tab\tnewline\n", "" };

	@Test
	void sparkHiveAndTrinoDecodeEverySegmentToTheOriginalValue() {
		for (String value : VALUES) {
			assertThat(sparkUnescape(HivePartitions.encode(value))).as(value).isEqualTo(value);
		}
	}

	@Test
	void aUtf8PercentDecoderAsDuckDbUsesDecodesThemToo() {
		for (String value : VALUES) {
			String encoded = HivePartitions.encode(value).replace("+", "%2B");
			assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).as(value).isEqualTo(value);
		}
	}

	@Test
	void onlyAsciiIsEscapedAndSeparatorsNeverStayRaw() {
		assertThat(HivePartitions.segment("source", "git/lab=x")).isEqualTo("source=git%2Flab%3Dx");
		assertThat(HivePartitions.encode("ünï 中")).isEqualTo("ünï%20中");
		assertThat(HivePartitions.encode("a.b_c-D9")).isEqualTo("a.b_c-D9");
		for (String value : VALUES) {
			assertThat(HivePartitions.encode(value)).doesNotContain("/", "=", "\n", "\\");
		}
	}

	/**
	 * Spark's {@code ExternalCatalogUtils.unescapePathName} (Hive's {@code FileUtils.unescapePathName} is the same):
	 * each {@code %XX} becomes the one character with code XX; everything else stays.
	 */
	private static String sparkUnescape(String path) {
		StringBuilder unescaped = new StringBuilder();
		int i = 0;
		while (i < path.length()) {
			char c = path.charAt(i);
			if (c == '%' && i + 2 < path.length()) {
				try {
					unescaped.append((char) Integer.parseInt(path.substring(i + 1, i + 3), 16));
					i += 3;
					continue;
				}
				catch (NumberFormatException ex) {
					// not an escape: kept as it is
				}
			}
			unescaped.append(c);
			i++;
		}
		return unescaped.toString();
	}

}
