package io.flowbatch.archive;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Deletes verified rows in the caller's transaction and proves that exactly they went, each in the version (xmin)
 * that was exported and verified: any row updated, added or deleted by someone else since the export makes the
 * delete throw {@link ConcurrentChangeException}, and the caller's transaction rolls the whole partition back.
 */
final class VerifiedDeletes {

	private VerifiedDeletes() {
	}

	/**
	 * @param sql a DELETE ... RETURNING id, version (as text and bigint)
	 * @param verified each verified row's id and the version it was exported in
	 * @param ids this table's verified ids ({@code :ids})
	 * @param parentIds the first table's verified ids ({@code :parent_ids})
	 * @return how many rows were deleted
	 */
	static long delete(NamedParameterJdbcTemplate jdbc, String dataset, String partition, String sql,
			Map<String, Long> verified, String[] ids, String[] parentIds) {
		Map<String, Long> deleted = new HashMap<>();
		ExportSession.byIdLists(jdbc.getJdbcTemplate());
		jdbc.query(sql, Map.of("ids", ids, "parent_ids", parentIds),
				(RowCallbackHandler) (row) -> deleted.put(row.getString(1), row.getLong(2)));
		if (!deleted.equals(verified)) {
			throw ConcurrentChangeException.between(dataset, partition, verified, deleted);
		}
		return deleted.size();
	}

}
