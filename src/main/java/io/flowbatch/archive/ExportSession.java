package io.flowbatch.archive;

import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Settings of the database transaction in which an archive job exports, verifies and deletes a partition. */
final class ExportSession {

	private static final String SORT_MEMORY = SqlFiles.read("queries/archive/export-sort-memory.sql");

	private ExportSession() {
	}

	/**
	 * A template whose queries stream: PostgreSQL sends a partition's rows 1,000 at a time inside the transaction, so
	 * memory holds a batch of rows, never the partition.
	 */
	static NamedParameterJdbcTemplate streaming(JdbcTemplate jdbc) {
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1_000);
		return new NamedParameterJdbcTemplate(streaming);
	}

	/** Enough sort memory for a partition's rows to be sorted by id without temporary files, in this transaction. */
	static void sortInMemory(JdbcTemplate jdbc) {
		jdbc.execute(SORT_MEMORY);
	}

}
