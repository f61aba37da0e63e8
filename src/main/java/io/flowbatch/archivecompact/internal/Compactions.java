package io.flowbatch.archivecompact.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * archive-compact's facts in PostgreSQL ({@code archive_compactions}, and the manifest rows it moves). Every change
 * commits at once in its own transaction, whatever the step's chunk transaction does: the state row must say where a
 * group is before the next S3 call.
 */
public final class Compactions {

	private static final String MANIFEST_OBJECTS = read("manifest-objects.sql");

	private static final String INPUTS = read("inputs.sql");

	private static final String ROWS_DELETED = read("rows-deleted.sql");

	private static final String NEXT_NUMBER = read("next-number.sql");

	private static final String INSERT = read("compaction-insert.sql");

	private static final String UNFINISHED = read("unfinished.sql");

	private static final String INSERT_MERGED = read("manifest-insert-merged.sql");

	private static final String DELETE_INPUTS = read("manifest-delete-inputs.sql");

	private static final String PROMOTE = read("manifest-promote.sql");

	private static final String STATE = read("state-update.sql");

	private static final String STAGED_TO_REMOVE = read("staged-to-remove.sql");

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	public Compactions(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** A row of archive_compactions. */
	public record Row(long id, String dataset, String partitionPath, String finalKey, String stagedKey,
			List<String> inputKeys, String state, String sha256, Long bytes) {
	}

	public List<CompactionPlan.ManifestObject> manifestObjects(List<String> datasets) {
		return this.jdbc.sql(MANIFEST_OBJECTS)
			.param("datasets", datasets.toArray(String[]::new))
			.query((row, n) -> new CompactionPlan.ManifestObject(row.getString("object_key"), row.getString("dataset"),
					row.getString("partition_path"), row.getLong("row_count"), row.getLong("byte_size"),
					row.getString("min_id"), row.getString("max_id")))
			.list();
	}

	public List<Row> unfinished(List<String> datasets) {
		return this.jdbc.sql(UNFINISHED)
			.param("datasets", datasets.toArray(String[]::new))
			.query((row, n) -> new Row(row.getLong("id"), row.getString("dataset"), row.getString("partition_path"),
					row.getString("final_key"), row.getString("staged_key"), strings(row.getArray("input_keys")),
					row.getString("state"), row.getString("sha256"), (Long) row.getObject("byte_size")))
			.list();
	}

	/** The inputs as the manifest records them, in the group's order; fails unless it still records all of them. */
	public List<MergedObjects.Input> inputs(List<String> keys) {
		List<MergedObjects.Input> inputs = this.jdbc.sql(INPUTS)
			.param("keys", keys.toArray(String[]::new))
			.query((row, n) -> new MergedObjects.Input(row.getString("object_key"), row.getLong("row_count"),
					row.getLong("byte_size"), row.getString("sha256"), row.getString("content_checksum"),
					row.getString("min_id"), row.getString("max_id")))
			.list();
		if (inputs.size() != keys.size()) {
			throw new CompactionVerificationException("archive_manifest no longer records every input of the group ("
					+ inputs.size() + " of " + keys.size() + "); nothing was merged");
		}
		return inputs;
	}

	public long rowsDeleted(List<String> keys) {
		return this.jdbc.sql(ROWS_DELETED)
			.param("keys", keys.toArray(String[]::new))
			.query(Long.class)
			.single();
	}

	public long nextNumber() {
		return this.jdbc.sql(NEXT_NUMBER).query(Long.class).single();
	}

	public void insertPlanned(long id, String dataset, String partitionPath, String finalKey, String stagedKey,
			List<String> inputKeys, long executionId, long instanceId) {
		this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql(INSERT)
			.param("id", id)
			.param("dataset", dataset)
			.param("partition_path", partitionPath)
			.param("final_key", finalKey)
			.param("staged_key", stagedKey)
			.param("input_keys", inputKeys.toArray(String[]::new))
			.param("job_execution_id", executionId)
			.param("job_instance_id", instanceId)
			.update());
	}

	/**
	 * The instant a manifest reader switches from the inputs to the staged object: in one transaction, the staged
	 * object's manifest row is inserted, exactly the inputs' rows are deleted, and the group is {@code recorded}.
	 */
	public void record(Row group, MergedObjects.Merged merged, String minId, String maxId, long executionId) {
		this.ownTransaction.executeWithoutResult((status) -> {
			long rowsDeleted = rowsDeleted(group.inputKeys());
			this.jdbc.sql(INSERT_MERGED)
				.params(Map.of("object_key", group.stagedKey(), "dataset", group.dataset(), "partition_path",
						group.partitionPath(), "row_count", merged.rows(), "byte_size", merged.bytes(), "sha256",
						merged.sha256(), "content_checksum", merged.contentChecksum(), "rows_deleted", rowsDeleted,
						"job_execution_id", executionId))
				.param("min_id", minId)
				.param("max_id", maxId)
				.update();
			Set<String> deleted = new HashSet<>(this.jdbc.sql(DELETE_INPUTS)
				.param("keys", group.inputKeys().toArray(String[]::new))
				.query(String.class)
				.list());
			if (!deleted.equals(new HashSet<>(group.inputKeys()))) {
				throw new CompactionVerificationException("archive_manifest changed while " + group.partitionPath()
						+ " was merged (" + deleted.size() + " of " + group.inputKeys().size() + " inputs recorded)");
			}
			transition(group.id(), "planned", "recorded", merged);
		});
	}

	/** The manifest row moves to the final key, and the group is {@code promoted}. */
	public void promote(Row group) {
		this.ownTransaction.executeWithoutResult((status) -> {
			int moved = this.jdbc.sql(PROMOTE)
				.param("staged_key", group.stagedKey())
				.param("final_key", group.finalKey())
				.update();
			if (moved != 1) {
				throw new CompactionVerificationException("archive_manifest does not record staged object "
						+ group.stagedKey() + "; not promoted");
			}
			transition(group.id(), "recorded", "promoted", null);
		});
	}

	public void done(long id) {
		this.ownTransaction.executeWithoutResult((status) -> transition(id, "promoted", "done", null));
	}

	/** The staged copies whose grace period is over: promoted by another job instance. */
	public List<Map.Entry<Long, String>> stagedToRemove(long instanceId) {
		return this.jdbc.sql(STAGED_TO_REMOVE)
			.param("job_instance_id", instanceId)
			.query((row, n) -> Map.entry(row.getLong("id"), row.getString("staged_key")))
			.list();
	}

	private void transition(long id, String from, String to, MergedObjects.Merged merged) {
		int updated = this.jdbc.sql(STATE)
			.param("id", id)
			.param("expected_state", from)
			.param("state", to)
			.param("row_count", (merged != null) ? merged.rows() : null, java.sql.Types.BIGINT)
			.param("byte_size", (merged != null) ? merged.bytes() : null, java.sql.Types.BIGINT)
			.param("sha256", (merged != null) ? merged.sha256() : null, java.sql.Types.VARCHAR)
			.param("content_checksum", (merged != null) ? merged.contentChecksum() : null, java.sql.Types.VARCHAR)
			.update();
		if (updated != 1) {
			throw new IllegalStateException("compaction " + id + " is not " + from + " (another process moved it)");
		}
	}

	private static List<String> strings(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}

	private static String read(String file) {
		return SqlFiles.read("queries/archive-compact/" + file);
	}

}
