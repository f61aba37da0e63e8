package io.flowbatch.archivecompact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flowbatch.parquet.AvroTypes;
import io.flowbatch.parquet.ContentChecksum;
import io.flowbatch.parquet.ParquetFiles;
import io.flowbatch.storage.Sha256;
import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.io.LocalOutputFile;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive as it is before archive-compact: webhook events archived by several webhook-archive runs (several
 * objects per source and month), and objects of the former day layout ({@code received_date=YYYY-MM-DD}) as an
 * older flowbatch wrote them (written here with that schema, recorded in archive_manifest and
 * archive_upload_attempts as the archive jobs did).
 */
final class CompactionFixture {

	/** Every archived event as DuckDB reads it, without the partition columns. */
	static final String ROWS = "SELECT id, source, event_type, delivery_id, payload::VARCHAR AS payload,"
			+ " processing_status, error_message, epoch_us(received_at) AS received_at_micros,"
			+ " epoch_us(processed_at) AS processed_at_micros FROM %s ORDER BY id";

	static final List<String> SOURCES = List.of("github", "gitlab");

	final JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());

	final String prefix = "compact-" + UUID.randomUUID();

	private static final java.util.concurrent.atomic.AtomicInteger FIXTURES = new java.util.concurrent.atomic.AtomicInteger();

	/** This fixture's number: its months and job parameters differ from every other's in the same job repository. */
	final int number = FIXTURES.getAndIncrement();

	/** The month archived by webhook-archive runs, and the month of the day-layout objects. */
	final YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(3 + 2L * this.number);

	final YearMonth legacyMonth = this.month.minusMonths(1);

	/** A {@code before} for archive-compact that covers both months, different in every fixture. */
	String compactBefore(int offset) {
		return "before=" + LocalDate.now(ZoneOffset.UTC).minusDays(2L * this.number + offset);
	}

	/** archive-verify full=true, a new instance per fixture and call. */
	CliRun verifyFully(int call) {
		return CliRun.of("run", "archive-verify", "full=true", "rerun=" + (5000 + 100 * this.number + call));
	}

	void clear() {
		this.jdbc.sql("TRUNCATE webhook_events, archive_manifest, archive_compactions").update();
	}

	/** Events of every day of {@link #month}, archived by three webhook-archive runs: three objects per source. */
	void archiveInThreeRuns() {
		for (int day = 1; day <= this.month.lengthOfMonth(); day++) {
			for (String source : SOURCES) {
				for (int i = 0; i < 3; i++) {
					LocalDateTime at = this.month.atDay(day).atTime(1 + 7 * i, 13 * i);
					this.jdbc.sql("""
							INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status,
							                            received_at, processed_at)
							VALUES (?, 'push', ?, CAST(? AS JSONB), 'processed', ?, ?)""")
						.params(source, UUID.randomUUID().toString(), "{\"day\": " + day + ", \"n\": " + i + "}", at,
								at.plusSeconds(2))
						.update();
				}
			}
		}
		for (LocalDate before : List.of(this.month.atDay(11), this.month.atDay(21), this.month.plusMonths(1).atDay(1))) {
			// includeUnprocessed=true (every event here is processed): job instances of their own, whatever
			// cutoffs the other archive tests use.
			CliRun run = CliRun.of("run", "webhook-archive", "before=" + before, "includeUnprocessed=true");
			assertThat(run.exitCode()).as(run.toString()).isZero();
		}
	}

	/** Two days of {@link #legacyMonth} per source in the former day layout, as objects of this database. */
	void writeDayLayoutObjects() {
		Schema schema = SchemaBuilder.record("webhook_event")
			.namespace("io.flowbatch.archive")
			.fields()
			.requiredLong("id")
			.requiredString("source")
			.requiredString("event_type")
			.requiredString("delivery_id")
			.name("payload").type(AvroTypes.json()).noDefault()
			.requiredString("processing_status")
			.optionalString("error_message")
			.name("received_at").type(AvroTypes.timestampMicros()).noDefault()
			.name("processed_at").type(AvroTypes.nullable(AvroTypes.timestampMicros())).withDefault(null)
			.endRecord();
		long id = 900_000_000L;
		for (String source : SOURCES) {
			for (int day : List.of(3, 17)) {
				LocalDate date = this.legacyMonth.atDay(day);
				List<GenericRecord> records = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					GenericRecord record = new GenericData.Record(schema);
					long micros = date.atTime(2 + i, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
					record.put("id", ++id);
					record.put("source", new Utf8(source));
					record.put("event_type", new Utf8("push"));
					record.put("delivery_id", new Utf8(UUID.randomUUID().toString()));
					record.put("payload", new Utf8("{\"legacy\": " + i + "}"));
					record.put("processing_status", new Utf8("processed"));
					record.put("received_at", micros);
					record.put("processed_at", micros + 1_000_000L);
					records.add(record);
				}
				String partition = "webhook_events/source=" + source + "/received_date=" + date;
				upload(partition, "events-" + (id - 3) + "-" + id + ".parquet", schema, records, id - 3, id);
			}
		}
	}

	private void upload(String partition, String name, Schema schema, List<GenericRecord> records, long first,
			long last) {
		try {
			Path file = Files.createTempDirectory("flowbatch-legacy").resolve(name);
			try (var writer = ParquetFiles.writer(schema, new LocalOutputFile(file), name, ParquetFiles.ROW_GROUP_BYTES,
					"payload", "delivery_id")) {
				for (GenericRecord record : records) {
					writer.write(record);
				}
			}
			ContentChecksum checksum = new ContentChecksum();
			try (var reader = ParquetFiles.reader(file)) {
				for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
					checksum.addRecord(record);
				}
			}
			byte[] bytes = Files.readAllBytes(file);
			String key = this.prefix + "/" + partition + "/" + name;
			try (var s3 = TestS3.get().client()) {
				s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key), RequestBody.fromBytes(bytes));
			}
			this.jdbc.sql("""
					INSERT INTO archive_upload_attempts (object_key, dataset, job_execution_id, started_at)
					VALUES (?, 'webhook_events', 0, now())""").params(key).update();
			this.jdbc.sql("""
					INSERT INTO archive_manifest (object_key, dataset, partition_path, row_count, byte_size, sha256,
					                              min_id, max_id, content_checksum, verified_at, rows_deleted,
					                              job_execution_id)
					VALUES (?, 'webhook_events', ?, ?, ?, ?, ?, ?, ?, now(), ?, 0)""")
				.params(key, partition, records.size(), bytes.length,
						java.util.HexFormat.of().formatHex(Sha256.newDigest().digest(bytes)), String.valueOf(first),
						String.valueOf(last), checksum.hex(), records.size())
				.update();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The rows of the objects archive_manifest names, each object read as it is (no partition columns). */
	List<Map<String, Object>> manifestRows() {
		Path archive = ArchiveReader.download(this.prefix);
		List<String> files = manifestKeys().stream()
			.map((key) -> "'" + archive.resolve(key.substring(this.prefix.length() + 1)) + "'")
			.toList();
		return ArchiveReader.query(archive, ROWS.formatted("read_parquet([" + String.join(", ", files)
				+ "], hive_partitioning = false, union_by_name = true)"));
	}

	/**
	 * The rows of every object a plain glob over the partitions finds, each read as it is: without partition columns,
	 * which DuckDB refuses while the glob spans both layouts (month and, until archive-compact moves them, day).
	 */
	List<Map<String, Object>> globRows(Path archive) {
		return ArchiveReader.query(archive, ROWS.formatted("read_parquet('" + archive
				+ "/webhook_events/*/*/*.parquet', hive_partitioning = false, union_by_name = true)"));
	}

	/** The object keys (full keys) {@code current.json} lists: what a reader that follows it reads. */
	List<String> currentManifestKeys() {
		try (var s3 = TestS3.get().client()) {
			JsonNode objects = JsonMapper.builder()
				.build()
				.readTree(s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET)
					.key(this.prefix + "/webhook_events/_manifests/current.json")).asByteArray());
			List<String> keys = new ArrayList<>();
			objects.forEach((object) -> keys.add(this.prefix + "/" + object.get("object_key").asString()));
			return keys;
		}
	}

	List<String> manifestKeys() {
		return this.jdbc.sql("SELECT object_key FROM archive_manifest WHERE dataset = 'webhook_events' ORDER BY 1")
			.query(String.class)
			.list();
	}

	long manifestRowsDeleted() {
		return this.jdbc.sql("SELECT sum(rows_deleted) FROM archive_manifest WHERE dataset = 'webhook_events'")
			.query(Long.class)
			.single();
	}

	/** The data objects under the dataset, outside the staging area. */
	List<String> dataKeys() {
		return ArchiveReader.keys(this.prefix + "/webhook_events/source=")
			.stream()
			.filter((key) -> key.endsWith(".parquet"))
			.toList();
	}

}
