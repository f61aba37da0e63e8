package io.flowbatch.archive;

import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/** Settings of the database transaction in which an archive job exports, verifies and deletes a partition. */
public final class ExportSession {

	private static final String SORT_MEMORY = SqlFiles.read("queries/archive-export-sort-memory.sql");

	private ExportSession() {
	}

	/** Enough sort memory for a partition's rows to be sorted by id without temporary files, in this transaction. */
	public static void sortInMemory(JdbcTemplate jdbc) {
		jdbc.execute(SORT_MEMORY);
	}

}
