package io.flowbatch.archive;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes exactly the ids read back from verified objects, a batch per statement ({@code id = ANY(?)}), in the
 * caller's transaction; returns how many rows went.
 */
public final class VerifiedDeletes {

	private static final int BATCH = 10_000;

	private VerifiedDeletes() {
	}

	/**
	 * @param sql a statement with one array parameter, e.g. {@code DELETE FROM t WHERE id = ANY(?)}
	 * @param sqlType the array's element type, e.g. {@code bigint}
	 */
	public static long delete(JdbcTemplate jdbc, String sql, String sqlType, List<?> ids) {
		long deleted = 0;
		for (int from = 0; from < ids.size(); from += BATCH) {
			Object[] batch = ids.subList(from, Math.min(ids.size(), from + BATCH)).toArray();
			deleted += jdbc.update(sql,
					(statement) -> statement.setArray(1, statement.getConnection().createArrayOf(sqlType, batch)));
		}
		return deleted;
	}

}
