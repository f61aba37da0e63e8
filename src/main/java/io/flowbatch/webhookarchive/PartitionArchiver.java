package io.flowbatch.webhookarchive;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.flowbatch.archive.ArchiveManifest;
import io.flowbatch.archive.ArchiveObjects;
import io.flowbatch.archive.ExportSession;
import io.flowbatch.archive.VerifiedDeletes;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Archives one partition inside its chunk transaction: its rows become a verified Parquet object
 * ({@link ArchiveObjects}); then exactly the ids read back from that object are deleted, in batches, and the object
 * is recorded in {@code archive_manifest}. The delete and the manifest row commit together: if anything fails or the
 * JVM dies, neither happened, the rows are still in PostgreSQL, and a restart verifies the object again.
 */
class PartitionArchiver implements ItemWriter<ArchivePartition> {

	static final String DATASET = "webhook_events";

	private static final Logger logger = LoggerFactory.getLogger(PartitionArchiver.class);

	private static final String EXPORT = SqlFiles.read("queries/webhook-archive/export-partition.sql");

	private static final String DELETE = SqlFiles.read("queries/webhook-archive/delete-events.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final ObjectStore objectStore;

	private final ArchiveObjects archiveObjects;

	private final ArchiveManifest manifest;

	private final LocalDateTime cutoff;

	private final long executionId;

	PartitionArchiver(JdbcTemplate jdbc, ObjectStore objectStore, ArchiveObjects archiveObjects,
			ArchiveManifest manifest, LocalDateTime cutoff, long executionId) {
		this.jdbc = ExportSession.streaming(jdbc);
		this.objectStore = objectStore;
		this.archiveObjects = archiveObjects;
		this.manifest = manifest;
		this.cutoff = cutoff;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends ArchivePartition> partitions) {
		for (ArchivePartition partition : partitions) {
			archive(partition);
		}
	}

	private void archive(ArchivePartition partition) {
		long started = System.nanoTime();
		String key = this.objectStore.properties().key(partition.objectPath());
		ExportSession.sortInMemory(this.jdbc.getJdbcTemplate());
		List<Long> ids = new ArrayList<>();
		ArchiveObjects.VerifiedObject object = this.archiveObjects.writeVerified(key, WebhookEventRecords.SCHEMA,
				(consumer) -> streamRows(partition, consumer), (record) -> ids.add((Long) record.get("id")), "payload",
				"delivery_id");
		if (object == null) {
			return;
		}
		long verified = System.nanoTime();
		long deleted = VerifiedDeletes.delete(this.jdbc.getJdbcTemplate(), DELETE, "bigint", ids);
		this.manifest.record(new ArchiveManifest.Entry(key, DATASET, partition.partitionPath(), object.rows(),
				object.bytes(), object.sha256(), Long.toString(ids.get(0)),
				Long.toString(ids.get(ids.size() - 1)), object.checksum(), deleted, this.executionId));
		logger.info("Archived {}: {} rows{}, verified, {} deleted (ms: export and verify {}, delete {})", key,
				object.rows(), object.uploadedEarlier() ? " (uploaded by an earlier attempt)" : "", deleted,
				(verified - started) / 1_000_000, (System.nanoTime() - verified) / 1_000_000);
	}

	/** The partition's rows from PostgreSQL, in id order. */
	private void streamRows(ArchivePartition partition, Consumer<GenericRecord> consumer) {
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("source", partition.source())
			.addValue("day_start", Timestamp.valueOf(partition.receivedDate().atStartOfDay()))
			.addValue("day_end", Timestamp.valueOf(partition.receivedDate().plusDays(1).atStartOfDay()))
			.addValue("cutoff", Timestamp.valueOf(this.cutoff))
			.addValue("min_id", partition.minId())
			.addValue("max_id", partition.maxId());
		RowCallbackHandler toConsumer = (row) -> consumer.accept(WebhookEventRecords.fromRow(row));
		this.jdbc.query(EXPORT, parameters, toConsumer);
	}

}
