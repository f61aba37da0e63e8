package io.flowbatch.webhookarchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;

import io.flowbatch.archive.ArchiveManifest;
import io.flowbatch.archive.ArchiveVerificationException;
import io.flowbatch.parquet.ContentChecksum;
import io.flowbatch.parquet.ParquetFiles;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.MultipartObjectOutputStream;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Archives one partition inside its chunk transaction:
 * <ol>
 * <li>streams its rows from PostgreSQL into a Parquet object on S3, computing a checksum over ids and payloads —
 * unless the deterministic key already holds an object from an earlier attempt, which is then only verified, never
 * uploaded again;</li>
 * <li>downloads the object, and checks its SHA-256, row count, ids and checksum against PostgreSQL's rows;</li>
 * <li>deletes exactly the ids read back from the verified object, in batches, and records the object in
 * {@code archive_manifest}.</li>
 * </ol>
 * The delete and the manifest row commit together: if anything fails or the JVM dies, neither happened, the rows are
 * still in PostgreSQL, and a restart verifies the object again.
 */
class PartitionArchiver implements ItemWriter<ArchivePartition> {

	static final String DATASET = "webhook_events";

	private static final Logger logger = LoggerFactory.getLogger(PartitionArchiver.class);

	private static final String EXPORT = SqlFiles.read("queries/webhook-archive/export-partition.sql");

	private static final String DELETE = SqlFiles.read("queries/webhook-archive/delete-events.sql");

	private static final int DELETE_BATCH = 10_000;

	private static final int FETCH_SIZE = 1_000;

	private final NamedParameterJdbcTemplate jdbc;

	private final ObjectStore objectStore;

	private final ArchiveManifest manifest;

	private final LocalDateTime cutoff;

	private final long executionId;

	PartitionArchiver(JdbcTemplate jdbc, ObjectStore objectStore, ArchiveManifest manifest, LocalDateTime cutoff,
			long executionId) {
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(FETCH_SIZE);
		this.jdbc = new NamedParameterJdbcTemplate(streaming);
		this.objectStore = objectStore;
		this.manifest = manifest;
		this.cutoff = cutoff;
		this.executionId = executionId;
	}

	@Override
	public void write(Chunk<? extends ArchivePartition> partitions) throws IOException {
		for (ArchivePartition partition : partitions) {
			archive(partition);
		}
	}

	private void archive(ArchivePartition partition) throws IOException {
		long started = System.nanoTime();
		String key = this.objectStore.properties().key(partition.objectPath());
		this.manifest.removeUnrecorded(this.objectStore, this.objectStore.properties().key(partition.partitionPath() + "/"),
				key);
		boolean earlierAttempt = this.objectStore.size(key).isPresent();
		Expected expected = earlierAttempt ? readRows(partition, null) : upload(partition, key);
		if (expected.checksum().rows() == 0) {
			return;
		}
		long exported = System.nanoTime();
		Path local = Files.createTempFile("flowbatch-verify-", ".parquet");
		try {
			String sha256 = this.objectStore.download(key, local);
			long[] ids = verify(key, local, expected);
			long verified = System.nanoTime();
			long deleted = deleteVerifiedIds(ids);
			this.manifest.record(new ArchiveManifest.Entry(key, DATASET, partition.partitionPath(),
					expected.checksum().rows(), Files.size(local), sha256, Long.toString(expected.minId()),
					Long.toString(expected.maxId()), expected.checksumHex(), deleted, this.executionId));
			long done = System.nanoTime();
			logger.info("Archived {}: {} rows{}, verified, {} deleted (ms: export {}, verify {}, delete {})", key,
					expected.checksum().rows(), earlierAttempt ? " (uploaded by an earlier attempt)" : "", deleted,
					(exported - started) / 1_000_000, (verified - exported) / 1_000_000, (done - verified) / 1_000_000);
		}
		finally {
			Files.deleteIfExists(local);
		}
	}

	private Expected upload(ArchivePartition partition, String key) throws IOException {
		MultipartObjectOutputStream object = this.objectStore.create(key);
		boolean completed = false;
		try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(WebhookEventRecords.SCHEMA, object,
				"payload", "delivery_id")) {
			Expected expected = readRows(partition, writer);
			completed = true;
			return expected;
		}
		finally {
			if (!completed) {
				object.abort();
			}
		}
	}

	/** Streams the partition's rows in id order into the checksum and, when given, the writer. */
	private Expected readRows(ArchivePartition partition, ParquetWriter<GenericRecord> writer) {
		ContentChecksum checksum = new ContentChecksum();
		long[] range = { Long.MAX_VALUE, Long.MIN_VALUE };
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("source", partition.source())
			.addValue("day_start", Timestamp.valueOf(partition.receivedDate().atStartOfDay()))
			.addValue("day_end", Timestamp.valueOf(partition.receivedDate().plusDays(1).atStartOfDay()))
			.addValue("cutoff", Timestamp.valueOf(this.cutoff))
			.addValue("min_id", partition.minId())
			.addValue("max_id", partition.maxId());
		this.jdbc.query(EXPORT, parameters, (row) -> {
			long id = row.getLong("id");
			checksum.addLong(id).addText(row.getString("payload")).endRow();
			range[0] = Math.min(range[0], id);
			range[1] = Math.max(range[1], id);
			if (writer != null) {
				try {
					writer.write(WebhookEventRecords.fromRow(row));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		});
		return new Expected(checksum, checksum.hex(), range[0], range[1]);
	}

	/** Checks the downloaded object against PostgreSQL's rows and returns the ids it holds, in order. */
	private long[] verify(String key, Path local, Expected expected) throws IOException {
		ContentChecksum actual = new ContentChecksum();
		long[] ids = new long[(int) Math.min(expected.checksum().rows(), Integer.MAX_VALUE - 8)];
		int count = 0;
		long previousId = Long.MIN_VALUE;
		try (ParquetReader<GenericRecord> reader = ParquetFiles.reader(local)) {
			for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
				long id = (Long) record.get("id");
				if (id <= previousId || count == ids.length) {
					throw new ArchiveVerificationException("object " + key + " has more rows than PostgreSQL or ids"
							+ " out of order at " + id + "; nothing of it was deleted");
				}
				previousId = id;
				ids[count++] = id;
				actual.addLong(id).addText(record.get("payload").toString()).endRow();
			}
		}
		String actualHex = actual.hex();
		if (actual.rows() != expected.checksum().rows() || !actualHex.equals(expected.checksumHex())) {
			throw new ArchiveVerificationException("object " + key + " does not match PostgreSQL (rows "
					+ actual.rows() + " read back, " + expected.checksum().rows() + " expected; checksum "
					+ (actualHex.equals(expected.checksumHex()) ? "equal" : "different")
					+ "); nothing of it was deleted");
		}
		return ids;
	}

	/** Deletes exactly the verified ids, {@value #DELETE_BATCH} per statement. */
	private long deleteVerifiedIds(long[] ids) {
		long deleted = 0;
		for (int from = 0; from < ids.length; from += DELETE_BATCH) {
			int to = Math.min(ids.length, from + DELETE_BATCH);
			int start = from;
			deleted += this.jdbc.getJdbcTemplate().update(DELETE, (statement) -> {
				Array array = statement.getConnection()
					.createArrayOf("bigint", Arrays.stream(ids, start, to).boxed().toArray());
				statement.setArray(1, array);
			});
		}
		return deleted;
	}

	private record Expected(ContentChecksum checksum, String checksumHex, long minId, long maxId) {
	}

}
