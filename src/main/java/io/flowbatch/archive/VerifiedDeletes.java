package io.flowbatch.archive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
	 * @param ids this table's verified ids ({@code :ids})
	 * @param versions the version each of {@code ids} was exported in (same order)
	 * @param parentIds the first table's verified ids ({@code :parent_ids})
	 * @return how many rows were deleted
	 */
	static long delete(NamedParameterJdbcTemplate jdbc, String dataset, String partition, String sql, String[] ids,
			long[] versions, String[] parentIds) {
		List<Row> deletedRows = new ArrayList<>(ids.length);
		ExportSession.byIdLists(jdbc.getJdbcTemplate());
		jdbc.query(sql, Map.of("ids", ids, "parent_ids", parentIds),
				(RowCallbackHandler) (row) -> deletedRows.add(new Row(row.getString(1), row.getLong(2))));
		Row[] verified = new Row[ids.length];
		for (int index = 0; index < ids.length; index++) {
			verified[index] = new Row(ids[index], versions[index]);
		}
		Row[] deleted = deletedRows.toArray(Row[]::new);
		// Compared sorted, not through maps keyed by id: both sides come (nearly) in id order, so sorting them is
		// about one pass, and no map entry, hash or boxed version per row is built.
		Arrays.sort(verified);
		Arrays.sort(deleted);
		if (!Arrays.equals(verified, deleted)) {
			throw ConcurrentChangeException.between(dataset, partition, Row.byId(verified), Row.byId(deleted));
		}
		return deleted.length;
	}

	/** A row's id and version (xmin). */
	private record Row(String id, long version) implements Comparable<Row> {

		@Override
		public int compareTo(Row other) {
			int byId = this.id.compareTo(other.id);
			return (byId != 0) ? byId : Long.compare(this.version, other.version);
		}

		static Map<String, Long> byId(Row[] rows) {
			Map<String, Long> byId = new HashMap<>();
			for (Row row : rows) {
				byId.put(row.id, row.version);
			}
			return byId;
		}

	}

}
