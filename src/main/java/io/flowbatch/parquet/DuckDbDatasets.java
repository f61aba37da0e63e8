package io.flowbatch.parquet;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB SQL over an archive copied to local files with its layout: {@code {DATASET}} in a query stands for
 * {@code read_parquet} over that dataset's hive-partitioned files, with the partition columns and each row's
 * {@code filename}.
 */
public final class DuckDbDatasets {

	private static final Pattern DATASET = Pattern.compile("\\{(\\w+)}");

	private DuckDbDatasets() {
	}

	public static String resolve(Path archive, String sql) {
		return DATASET.matcher(sql)
			.replaceAll((dataset) -> Matcher.quoteReplacement("read_parquet('"
					+ archive.resolve(dataset.group(1)).toString().replace("'", "''")
					+ "/**/*.parquet', hive_partitioning = true, filename = true)"));
	}

}
