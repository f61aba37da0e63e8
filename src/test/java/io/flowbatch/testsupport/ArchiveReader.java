package io.flowbatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowbatch.parquet.DuckDbDatasets;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads an archive back the way an analyst would: the objects under a prefix, copied to a local directory with the
 * same layout, queried with DuckDB's {@code read_parquet(..., hive_partitioning = true)} — an implementation
 * independent of the one that wrote them.
 */
public final class ArchiveReader {

	private ArchiveReader() {
	}

	/** The object keys under {@code prefix}, sorted. */
	public static List<String> keys(String prefix) {
		try (S3Client s3 = TestS3.get().client()) {
			return s3.listObjectsV2Paginator((r) -> r.bucket(TestS3.BUCKET).prefix(prefix))
				.contents()
				.stream()
				.map(S3Object::key)
				.sorted()
				.toList();
		}
	}

	/** Copies every {@code .parquet} object under {@code prefix} into a fresh local directory, keeping the layout below it. */
	public static Path download(String prefix) {
		try (S3Client s3 = TestS3.get().client()) {
			Path root = Files.createTempDirectory("flowbatch-archive-read");
			for (String key : keys(prefix)) {
				if (!key.endsWith(".parquet")) {
					continue;
				}
				Path file = root.resolve(key.substring(prefix.length()).replaceFirst("^/", ""));
				Files.createDirectories(file.getParent());
				s3.getObject((r) -> r.bucket(TestS3.BUCKET).key(key), file);
			}
			return root;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a DuckDB query; {@code {files}} in it stands for the downloaded dataset. */
	public static List<Map<String, Object>> query(Path root, String dataset, String sql) {
		return query(root, sql.replace("{files}", "{" + dataset + "}"));
	}

	/**
	 * Every column chunk of a downloaded dataset's objects, as DuckDB's {@code parquet_metadata} reads their footers:
	 * {@code col} (the column), {@code bloom} (whether it carries a bloom filter), {@code dictionary_only} (whether
	 * every data page is dictionary-encoded, so that its dictionary is the exact set of its values) and
	 * {@code max_bytes} (the length of its max statistic, 0 without one).
	 */
	public static List<Map<String, Object>> columnChunks(Path root, String dataset) {
		return query(root, "SELECT path_in_schema AS col, bloom_filter_offset IS NOT NULL AS bloom,"
				+ " list_has_all(['PLAIN_DICTIONARY', 'RLE_DICTIONARY', 'RLE', 'BIT_PACKED'],"
				+ " string_split(encodings, ', ')) AS dictionary_only,"
				+ " coalesce(strlen(stats_max_value), strlen(stats_max), 0) AS max_bytes FROM parquet_metadata('"
				+ root.resolve(dataset) + "/**/*.parquet') ORDER BY 1");
	}

	/** Runs a DuckDB query; {@code {DATASET}} in it stands for the downloaded dataset of that name. */
	public static List<Map<String, Object>> query(Path root, String sql) {
		String resolved = DuckDbDatasets.resolve(root, sql);
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
				Statement statement = duckdb.createStatement();
				ResultSet rows = statement.executeQuery(resolved)) {
			List<Map<String, Object>> result = new ArrayList<>();
			int columns = rows.getMetaData().getColumnCount();
			while (rows.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= columns; i++) {
					row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
				}
				result.add(row);
			}
			return result;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("DuckDB query failed: " + ex.getMessage(), ex);
		}
	}

}
