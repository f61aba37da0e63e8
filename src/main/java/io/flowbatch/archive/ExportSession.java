package io.flowbatch.archive;

import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Settings of the database transaction in which an archive job exports, verifies and deletes a partition. */
final class ExportSession {

	private static final String SETTINGS = SqlFiles.read("queries/archive/export-session.sql");

	private static final String ID_LIST_PLANS = SqlFiles.read("queries/archive/id-list-generic-plans.sql");

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

	/**
	 * For this transaction: enough sort memory for a partition's rows to be sorted by id without temporary files, and
	 * plans made for each partition's values rather than a generic one ({@code export-session.sql}).
	 */
	static void begin(JdbcTemplate jdbc) {
		jdbc.execute(SETTINGS);
	}

	/** From here on in this transaction, generic plans: the statements select or delete by id lists. */
	static void byIdLists(JdbcTemplate jdbc) {
		jdbc.execute(ID_LIST_PLANS);
	}

}
