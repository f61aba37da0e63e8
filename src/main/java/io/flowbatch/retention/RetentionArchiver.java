package io.flowbatch.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.flowbatch.archive.ArchiveManifest;
import io.flowbatch.archive.ArchiveObjects;
import io.flowbatch.archive.ArchiveVerificationException;
import io.flowbatch.archive.ExportSession;
import io.flowbatch.archive.VerifiedDeletes;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Archives one partition of flow items in one transaction: locks its items, writes and verifies the three objects
 * (items, their transitions, their metrics), checks that every item read back from the items object has all its
 * children in the other two, records the three objects, and deletes exactly the rows read back: the items'
 * transitions and metrics (the ids deleted must be those read back), then the items.
 */
class RetentionArchiver implements ItemWriter<RetentionPartition> {

	private static final Logger logger = LoggerFactory.getLogger(RetentionArchiver.class);

	private static final String LOCK = SqlFiles.read("queries/flow-item-retention/lock-items.sql");

	private static final String EXPORT_ITEMS = SqlFiles.read("queries/flow-item-retention/export-items.sql");

	private static final String EXPORT_TRANSITIONS = SqlFiles.read("queries/flow-item-retention/export-transitions.sql");

	private static final String EXPORT_METRICS = SqlFiles.read("queries/flow-item-retention/export-metrics.sql");

	private static final String DELETE_ITEMS = SqlFiles.read("queries/flow-item-retention/delete-items.sql");

	private static final String DELETE_TRANSITIONS = SqlFiles.read("queries/flow-item-retention/delete-transitions.sql");

	private static final String DELETE_METRICS = SqlFiles.read("queries/flow-item-retention/delete-metrics.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final ObjectStore objectStore;

	private final ArchiveObjects archiveObjects;

	private final ArchiveManifest manifest;

	private final LocalDateTime cutoff;

	private final long executionId;

	RetentionArchiver(JdbcTemplate jdbc, ObjectStore objectStore, ArchiveObjects archiveObjects,
			ArchiveManifest manifest, LocalDateTime cutoff, long executionId) {
		this.jdbc = ExportSession.streaming(jdbc);
		this.objectStore = objectStore;
		this.archiveObjects = archiveObjects;
		this.manifest = manifest;
		this.cutoff = cutoff;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends RetentionPartition> partitions) {
		for (RetentionPartition partition : partitions) {
			archive(partition);
		}
	}

	private void archive(RetentionPartition partition) {
		long started = System.nanoTime();
		YearMonth month = YearMonth.parse(partition.completedMonth());
		List<String> ids = this.jdbc.query(LOCK, new MapSqlParameterSource().addValue("team_id", partition.teamId())
			.addValue("month_start", Timestamp.valueOf(month.atDay(1).atStartOfDay()))
			.addValue("month_end", Timestamp.valueOf(month.plusMonths(1).atDay(1).atStartOfDay()))
			.addValue("cutoff", Timestamp.valueOf(this.cutoff)), (RowMapper<String>) (row, n) -> row.getString(1));
		if (ids.isEmpty()) {
			return;
		}
		ExportSession.sortInMemory(this.jdbc.getJdbcTemplate());
		String[] idArray = ids.toArray(String[]::new);
		Set<String> verifiedItems = new HashSet<>();
		Set<String> itemsWithVerifiedChildren = new HashSet<>();
		Set<Long> verifiedTransitions = new HashSet<>();
		Set<Long> verifiedMetrics = new HashSet<>();
		Map<String, ArchiveObjects.VerifiedObject> objects = new LinkedHashMap<>();
		objects.put("flow_items", writeVerified(partition, "flow_items", RetentionRecords.FLOW_ITEMS, EXPORT_ITEMS,
				idArray, RetentionRecords::flowItem, (record) -> verifiedItems.add(record.get("id").toString()),
				"id", "external_id", "description", "metadata"));
		objects.put("stage_transitions", writeVerified(partition, "stage_transitions",
				RetentionRecords.STAGE_TRANSITIONS, EXPORT_TRANSITIONS, idArray, RetentionRecords::stageTransition,
				(record) -> {
					itemsWithVerifiedChildren.add(record.get("flow_item_id").toString());
					verifiedTransitions.add((Long) record.get("id"));
				}, "event_payload"));
		objects.put("stage_metrics", writeVerified(partition, "stage_metrics", RetentionRecords.STAGE_METRICS,
				EXPORT_METRICS, idArray, RetentionRecords::stageMetric, (record) -> {
					itemsWithVerifiedChildren.add(record.get("flow_item_id").toString());
					verifiedMetrics.add((Long) record.get("id"));
				}, "metadata"));
		// Every item deleted must be in the verified items object, and every child deleted in a verified children
		// object: the children objects were exported from exactly these locked ids.
		if (!verifiedItems.equals(Set.copyOf(ids)) || !verifiedItems.containsAll(itemsWithVerifiedChildren)) {
			throw new ArchiveVerificationException("the objects of " + partition.partitionPath("flow_items")
					+ " do not hold exactly the locked items and their children; nothing of it was deleted");
		}
		// Children first, each table's as one set whose ids must be exactly those read back (a cascade would delete
		// whatever children the items have); the items' cascade then finds none left.
		long verified = System.nanoTime();
		long transitionsDeleted = deleteChildren(partition, "stage_transitions", DELETE_TRANSITIONS, idArray,
				verifiedTransitions);
		long metricsDeleted = deleteChildren(partition, "stage_metrics", DELETE_METRICS, idArray, verifiedMetrics);
		long itemsDeleted = VerifiedDeletes.delete(this.jdbc.getJdbcTemplate(), DELETE_ITEMS, "text", ids);
		Map<String, Long> deleted = Map.of("stage_transitions", transitionsDeleted, "stage_metrics", metricsDeleted,
				"flow_items", itemsDeleted);
		objects.forEach((dataset, object) -> {
			if (object != null) {
				this.manifest.record(new ArchiveManifest.Entry(object.key(), dataset, partition.partitionPath(dataset),
						object.rows(), object.bytes(), object.sha256(), partition.firstId(), partition.lastId(),
						object.checksum(), deleted.get(dataset), this.executionId));
			}
		});
		logger.info("Archived {} items of team {} completed in {} with their transitions and metrics; verified, deleted"
				+ " (ms: lock, export and verify {}; delete and record {})", itemsDeleted, partition.teamId(),
				partition.completedMonth(), (verified - started) / 1_000_000, (System.nanoTime() - verified) / 1_000_000);
	}

	/**
	 * Deletes the items' children from one table and proves that they were exactly the rows read back from its
	 * verified object; otherwise the transaction, and with it every delete of the partition, rolls back.
	 */
	private long deleteChildren(RetentionPartition partition, String dataset, String sql, String[] itemIds,
			Set<Long> verifiedIds) {
		Set<Long> deleted = new HashSet<>(
				this.jdbc.query(sql, Map.of("ids", itemIds), (RowMapper<Long>) (row, n) -> row.getLong(1)));
		if (!deleted.equals(verifiedIds)) {
			throw new ArchiveVerificationException("the " + dataset + " of " + partition.partitionPath(dataset)
					+ " in PostgreSQL are not exactly those read back from its object; nothing of it was deleted");
		}
		return deleted.size();
	}

	private ArchiveObjects.VerifiedObject writeVerified(RetentionPartition partition, String dataset, Schema schema,
			String sql, String[] ids, RowReader mapper, Consumer<GenericRecord> readBack, String... uniqueColumns) {
		String key = this.objectStore.properties().key(partition.objectPath(dataset));
		return this.archiveObjects.writeVerified(key, schema, (consumer) -> {
			RowCallbackHandler toConsumer = (row) -> consumer.accept(mapper.read(row));
			this.jdbc.query(sql, Map.of("ids", ids), toConsumer);
		}, readBack, uniqueColumns);
	}

	@FunctionalInterface
	private interface RowReader {

		GenericRecord read(ResultSet row) throws SQLException;

	}

}
