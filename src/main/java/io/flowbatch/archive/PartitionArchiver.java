package io.flowbatch.archive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flowbatch.execution.Progress;
import io.flowbatch.execution.RunningExecutionLock;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Archives one partition inside its chunk transaction, the same way for every archive job:
 * <ol>
 * <li>locks its rows when the job locks ({@link ArchiveDefinition#lockSql()});</li>
 * <li>exports each table's rows with their versions into a verified object ({@link ArchiveObjects});</li>
 * <li>checks that the objects hold exactly the locked rows and that every child belongs to a verified parent;</li>
 * <li>deletes the verified rows, children first, proving that each went in the version verified
 * ({@link VerifiedDeletes}), and records the objects in {@code archive_manifest};</li>
 * <li>checks that the job's advisory locks are still held, and only then lets the transaction commit.</li>
 * </ol>
 * The deletes and the manifest rows commit together: if anything fails or the JVM dies, neither happened and a
 * restart archives the partition again. A partition whose rows changed while it was archived is rolled back to its
 * savepoint and archived again in its new state, up to {@value #ATTEMPTS} times.
 */
public class PartitionArchiver implements ItemWriter<ArchivePartition>, ItemStream {

	static final int ATTEMPTS = 3;

	private static final Logger logger = LoggerFactory.getLogger(PartitionArchiver.class);

	private final ArchiveDefinition definition;

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate savepoint;

	private final ArchiveObjects archiveObjects;

	private final ArchiveManifest manifest;

	private final RunningExecutionLock locks;

	private final MapSqlParameterSource runParameters;

	private final long executionId;

	/** What this worker has archived, across restarts: published in its step execution context at each commit. */
	private Progress done = Progress.NONE;

	PartitionArchiver(ArchiveDefinition definition, NamedParameterJdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, ArchiveObjects archiveObjects, ArchiveManifest manifest,
			RunningExecutionLock locks, MapSqlParameterSource runParameters, long executionId) {
		this.definition = definition;
		this.jdbc = jdbc;
		this.savepoint = new TransactionTemplate(transactionManager);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.archiveObjects = archiveObjects;
		this.manifest = manifest;
		this.locks = locks;
		this.runParameters = runParameters;
		this.executionId = executionId;
	}

	@Override
	public void open(ExecutionContext context) {
		this.done = Progress.done(context);
	}

	@Override
	public void update(ExecutionContext context) {
		this.done.putDone(context);
	}

	@Override
	public void write(Chunk<? extends ArchivePartition> partitions) {
		for (ArchivePartition partition : partitions) {
			for (int attempt = 1;; attempt++) {
				try {
					Progress archived = this.savepoint.execute((status) -> archive(partition));
					this.done = this.done.plus(archived);
					break;
				}
				catch (ConcurrentChangeException ex) {
					if (attempt == ATTEMPTS) {
						throw ex;
					}
					logger.warn("{}; archiving it again ({} of {})", ex.getMessage(), attempt + 1, ATTEMPTS);
				}
			}
		}
		this.locks.checkStillHeld(this.executionId, this.definition.jobName(), this.jdbc);
	}

	/** Archives the partition; returns what it archived (nothing when another run took it first). */
	private Progress archive(ArchivePartition partition) {
		long started = System.nanoTime();
		ExportSession.begin(this.jdbc.getJdbcTemplate());
		MapSqlParameterSource scope = new MapSqlParameterSource(this.runParameters.getValues())
			.addValues(this.definition.scope().parameters(partition));
		if (this.definition.lockSql() != null) {
			List<String> locked = this.jdbc.queryForList(this.definition.lockSql(), scope, String.class);
			if (locked.isEmpty()) {
				return Progress.NONE;
			}
			scope.addValue("locked_ids", locked.toArray(String[]::new));
			ExportSession.byIdLists(this.jdbc.getJdbcTemplate());
		}
		Map<ArchiveTable, Exported> exported = new LinkedHashMap<>();
		for (ArchiveTable table : this.definition.tables()) {
			exported.put(table, export(partition, table, scope));
		}
		Exported root = exported.values().iterator().next();
		if (root.object == null && !scope.hasValue("locked_ids")) {
			return Progress.NONE;
		}
		String[] rootIds = root.ids();
		checkConsistency(partition, scope, exported, rootIds);
		long verified = System.nanoTime();
		Map<String, Long> deleted = new HashMap<>();
		List<ArchiveTable> deleteOrder = new ArrayList<>(exported.keySet());
		Collections.reverse(deleteOrder);
		for (ArchiveTable table : deleteOrder) {
			Exported rows = exported.get(table);
			String[] ids = (rows == root) ? rootIds : rows.ids();
			deleted.put(table.dataset(), VerifiedDeletes.delete(this.jdbc, table.dataset(),
					partition.partitionPath(table.dataset()), table.deleteSql(), ids, rows.verifiedVersions(), rootIds));
		}
		exported.forEach((table, rows) -> {
			if (rows.object != null) {
				this.manifest.record(new ArchiveManifest.Entry(rows.object.key(), table.dataset(),
						partition.partitionPath(table.dataset()), rows.object.rows(), rows.object.bytes(),
						rows.object.sha256(), partition.firstId(), partition.lastId(), rows.object.checksum(),
						deleted.get(table.dataset()), this.executionId));
			}
		});
		logger.info("Archived {} of {}: {} rows{}, verified, deleted (ms: export and verify {}, delete and record {})",
				partition.partitionPath(this.definition.dataset()), this.definition.jobName(),
				exported.values().stream().mapToLong(Exported::rows).sum(), root.object.uploadedEarlier() ? " (uploaded by an earlier attempt)" : "",
				(verified - started) / 1_000_000, (System.nanoTime() - verified) / 1_000_000);
		// Rows in the plan's unit, the root table's (flow-item-retention plans items, not their children); bytes are
		// what was written, every table's.
		return new Progress(1, root.rows(),
				exported.values().stream().mapToLong((rows) -> (rows.object != null) ? rows.object.bytes() : 0).sum());
	}

	/**
	 * Exports a table's rows of the partition into a verified object, keeping each row's exported version in export
	 * order (a {@code long} per row: no map keyed by id, which cost more CPU and heap than the row's bookkeeping is
	 * worth on partitions of 100,000 rows).
	 */
	private Exported export(ArchivePartition partition, ArchiveTable table, MapSqlParameterSource scope) {
		RowVersions versions = new RowVersions();
		String idField = table.schema().getFields().get(0).name();
		ArchiveObjects.ObjectSpec spec = new ArchiveObjects.ObjectSpec(
				this.archiveObjects.key(partition.objectPath(table.dataset(), this.definition.objectPrefix())),
				table.dataset(), table.schema(),
				(record) -> new ArchiveObjects.RowKey(String.valueOf(record.get(idField)),
						(table.parentIdField() != null) ? String.valueOf(record.get(table.parentIdField())) : null),
				table.uniqueColumns());
		ArchiveObjects.VerifiedObject object = this.archiveObjects.writeVerified(spec, (consumer) -> {
			versions.clear();
			this.jdbc.query(table.exportSql(), scope, (RowCallbackHandler) (row) -> {
				GenericRecord record = table.mapper().map(row);
				versions.add(row.getLong("row_version"));
				consumer.accept(record);
			});
		}, this.executionId);
		return new Exported(object, versions.toArray());
	}

	/**
	 * The objects must hold exactly the locked rows, and every child read back must belong to a parent read back:
	 * the children were exported from exactly these locked ids.
	 */
	private void checkConsistency(ArchivePartition partition, MapSqlParameterSource scope,
			Map<ArchiveTable, Exported> exported, String[] rootIdsReadBack) {
		List<ArchiveObjects.VerifiedObject> children = exported.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().parentIdField() != null && entry.getValue().object != null)
			.map((entry) -> entry.getValue().object)
			.toList();
		if (!scope.hasValue("locked_ids") && children.isEmpty()) {
			return; // nothing to match the root ids against
		}
		Set<String> rootIds = Set.of(rootIdsReadBack);
		boolean lockedMatch = !scope.hasValue("locked_ids")
				|| rootIds.equals(Set.of((String[]) scope.getValue("locked_ids")));
		boolean childrenMatch = children.stream()
			.flatMap((object) -> object.rowKeys().stream())
			.allMatch((key) -> rootIds.contains(key.parentId()));
		if (!lockedMatch || !childrenMatch) {
			throw new ArchiveVerificationException("the objects of " + partition.partitionPath(this.definition.dataset())
					+ " do not hold exactly the locked rows and their children; nothing of it was deleted");
		}
	}

	/**
	 * A table's verified object (null when it had no rows) and the versions its rows were exported in, in export
	 * order.
	 */
	private record Exported(ArchiveObjects.VerifiedObject object, long[] exportedVersions) {

		long rows() {
			return (this.object != null) ? this.object.rows() : 0;
		}

		String[] ids() {
			return (this.object != null) ? this.object.rowKeys().stream().map(ArchiveObjects.RowKey::id).toArray(String[]::new)
					: new String[0];
		}

		/**
		 * The version each row read back was exported in, in the order of {@link #ids()}. The object's content
		 * checksum equals the export's, over every column (the id included) in row order, so the i-th row read back
		 * is the i-th row exported.
		 */
		long[] verifiedVersions() {
			int readBack = (this.object != null) ? this.object.rowKeys().size() : 0;
			if (readBack != this.exportedVersions.length) {
				throw new ArchiveVerificationException(readBack + " rows read back from "
						+ ((this.object != null) ? this.object.key() : "no object") + ", " + this.exportedVersions.length
						+ " exported; nothing of the partition was deleted");
			}
			return this.exportedVersions;
		}

	}

	/** The versions of the rows exported, in export order: a growing {@code long[]}, no box per row. */
	private static final class RowVersions {

		private long[] versions = new long[1024];

		private int size;

		void add(long version) {
			if (this.size == this.versions.length) {
				this.versions = Arrays.copyOf(this.versions, this.size * 2);
			}
			this.versions[this.size++] = version;
		}

		/** Forgets the rows added: the export streams again. */
		void clear() {
			this.size = 0;
		}

		long[] toArray() {
			return Arrays.copyOf(this.versions, this.size);
		}

	}

}
