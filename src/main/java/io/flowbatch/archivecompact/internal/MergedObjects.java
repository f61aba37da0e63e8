package io.flowbatch.archivecompact.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flowbatch.parquet.AvroTypes;
import io.flowbatch.parquet.ContentChecksum;
import io.flowbatch.parquet.ParquetFiles;
import io.flowbatch.storage.MultipartObjectOutputStream;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes a group's inputs into one staged object and proves it. Each input is downloaded and must be the bytes
 * archive_manifest records (size, SHA-256) holding the rows it records (row count, content checksum, read with the
 * Parquet reader the archive jobs verify with); its rows are streamed, in order, into one multipart upload. The
 * staged object is then downloaded again: its SHA-256 must be that of the bytes uploaded, and read row by row it must
 * hold each input's rows in order with every one of the input's columns equal (each input's stretch of rows, on the
 * input's columns, has the input's recorded content checksum). A column the inputs lack is only webhook_events'
 * {@code received_date} of the former day layout, derived from {@code received_at} as webhook-archive does.
 */
public final class MergedObjects {

	/** Columns whose values rarely repeat (no dictionary), as the archive jobs write them. */
	private static final Map<String, String[]> UNIQUE_COLUMNS = Map.of("webhook_events",
			new String[] { "payload", "delivery_id" }, "flow_items",
			new String[] { "id", "external_id", "description", "metadata" }, "stage_transitions",
			new String[] { "event_payload" }, "stage_metrics", new String[] { "metadata" });

	/** The datasets archive-compact knows. */
	public static final List<String> DATASETS = List.of("webhook_events", "flow_items", "stage_transitions",
			"stage_metrics");

	private final ObjectStore objectStore;

	public MergedObjects(ObjectStore objectStore) {
		this.objectStore = objectStore;
	}

	/** An input as archive_manifest records it. */
	public record Input(String key, long rows, long bytes, String sha256, String contentChecksum, String minId,
			String maxId) {
	}

	/** The verified staged object. {@code contentChecksum}: over every column of its rows, as archive-verify reads it. */
	public record Merged(long rows, long bytes, String sha256, String contentChecksum) {
	}

	/**
	 * @throws CompactionVerificationException when an input is not what the manifest records, or the staged object
	 * does not hold exactly the inputs' rows; nothing is recorded or deleted then
	 */
	public Merged writeVerified(String dataset, String stagedKey, List<Input> inputs) {
		List<Schema> inputSchemas = new ArrayList<>();
		ContentChecksum written = new ContentChecksum();
		MultipartObjectOutputStream object = this.objectStore.create(stagedKey);
		ParquetWriter<GenericRecord> writer = null;
		Schema target = null;
		try {
			for (Input input : inputs) {
				Path local = download(input);
				try {
					ContentChecksum read = new ContentChecksum();
					Schema inputSchema = null;
					try (var reader = ParquetFiles.reader(local)) {
						for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
							if (inputSchema == null) {
								inputSchema = record.getSchema();
							}
							if (target == null) {
								target = targetSchema(dataset, inputSchema);
								writer = ParquetFiles.writer(target, object, UNIQUE_COLUMNS.getOrDefault(dataset, new String[0]));
							}
							read.addRecord(record);
							GenericRecord converted = convert(record, target);
							written.addRecord(converted);
							writer.write(converted);
						}
					}
					if (read.rows() != input.rows() || !read.hex().equals(input.contentChecksum())) {
						throw new CompactionVerificationException("input " + input.key() + " does not hold the rows"
								+ " archive_manifest records (" + read.rows() + " rows read, " + input.rows()
								+ " recorded; checksum " + (read.hex().equals(input.contentChecksum()) ? "equal" : "different")
								+ "); nothing was merged or deleted: run archive-verify full=true");
					}
					inputSchemas.add(inputSchema);
				}
				finally {
					Files.deleteIfExists(local);
				}
			}
			if (writer == null) {
				throw new CompactionVerificationException("the inputs of " + stagedKey + " hold no rows");
			}
			writer.close();
		}
		catch (IOException | RuntimeException ex) {
			object.abort();
			if (writer != null) {
				try {
					writer.close();
				}
				catch (IOException | RuntimeException closing) {
					ex.addSuppressed(closing);
				}
			}
			throw (ex instanceof RuntimeException runtime) ? runtime
					: new UncheckedIOException("cannot write s3 object " + stagedKey, (IOException) ex);
		}
		return readBack(stagedKey, object.sha256(), written, inputs, inputSchemas);
	}

	private Merged readBack(String stagedKey, String uploadedSha256, ContentChecksum written, List<Input> inputs,
			List<Schema> inputSchemas) {
		try {
			Path local = Files.createTempFile("flowbatch-compact-verify-", ".parquet");
			try {
				String sha256 = this.objectStore.download(stagedKey, local);
				if (!sha256.equals(uploadedSha256)) {
					throw new CompactionVerificationException("staged object " + stagedKey + " read back is not the"
							+ " bytes written (sha256 " + sha256 + " read, " + uploadedSha256 + " written)");
				}
				ContentChecksum whole = new ContentChecksum();
				try (var reader = ParquetFiles.reader(local)) {
					for (int i = 0; i < inputs.size(); i++) {
						Input input = inputs.get(i);
						ContentChecksum stretch = new ContentChecksum();
						for (long n = 0; n < input.rows(); n++) {
							GenericRecord record = reader.read();
							if (record == null) {
								throw new CompactionVerificationException("staged object " + stagedKey + " ends"
										+ " within the rows of input " + input.key());
							}
							whole.addRecord(record);
							stretch.addRecord(convert(record, inputSchemas.get(i)));
						}
						if (!stretch.hex().equals(input.contentChecksum())) {
							throw new CompactionVerificationException("staged object " + stagedKey + " does not hold"
									+ " the rows of input " + input.key() + " (content checksum differs)");
						}
					}
					if (reader.read() != null) {
						throw new CompactionVerificationException("staged object " + stagedKey + " holds rows beyond"
								+ " its inputs'");
					}
				}
				if (!whole.hex().equals(written.hex())) {
					throw new CompactionVerificationException("staged object " + stagedKey + " does not read back as"
							+ " written (content checksum differs)");
				}
				return new Merged(whole.rows(), Files.size(local), sha256, whole.hex());
			}
			finally {
				Files.deleteIfExists(local);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot verify s3 object " + stagedKey, ex);
		}
	}

	private Path download(Input input) throws IOException {
		Path local = Files.createTempFile("flowbatch-compact-input-", ".parquet");
		String sha256 = this.objectStore.download(input.key(), local);
		if (!sha256.equals(input.sha256()) || Files.size(local) != input.bytes()) {
			Files.deleteIfExists(local);
			throw new CompactionVerificationException("input " + input.key() + " is not the object archive_manifest"
					+ " records (sha256 " + sha256 + ", " + input.sha256() + " recorded); nothing was merged or"
					+ " deleted: run archive-verify");
		}
		return local;
	}

	/**
	 * The schema of the merged object: the inputs', and for webhook_events written in the former day layout, with the
	 * {@code received_date} column webhook-archive now writes.
	 */
	static Schema targetSchema(String dataset, Schema input) {
		if (!dataset.equals("webhook_events") || input.getField("received_date") != null) {
			return input;
		}
		List<Schema.Field> fields = new ArrayList<>();
		for (Schema.Field field : input.getFields()) {
			fields.add(new Schema.Field(field, field.schema()));
		}
		fields.add(new Schema.Field("received_date", AvroTypes.date()));
		Schema schema = Schema.createRecord(input.getName(), input.getDoc(), input.getNamespace(), false, fields);
		input.getObjectProps().forEach(schema::addProp);
		return schema;
	}

	/** A record's values by column name in another schema; {@code received_date} derived when it lacks one. */
	static GenericRecord convert(GenericRecord record, Schema schema) {
		GenericRecord converted = new GenericData.Record(schema);
		for (Schema.Field field : schema.getFields()) {
			if (record.getSchema().getField(field.name()) != null) {
				converted.put(field.pos(), record.get(field.name()));
			}
			else if (field.name().equals("received_date") && record.get("received_at") instanceof Long micros) {
				converted.put(field.pos(), AvroTypes.utcDay(micros));
			}
			else {
				throw new CompactionVerificationException("an input has no column " + field.name() + "; inputs of"
						+ " different schemas are not merged");
			}
		}
		return converted;
	}

}
