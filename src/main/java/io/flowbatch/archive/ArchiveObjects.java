package io.flowbatch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.flowbatch.parquet.ContentChecksum;
import io.flowbatch.parquet.ParquetFiles;
import io.flowbatch.storage.MultipartObjectOutputStream;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;

import org.springframework.stereotype.Component;

/**
 * Writes rows into a Parquet object on S3 and proves it: the rows are streamed from PostgreSQL through a multipart
 * upload while a checksum over every column is computed; then the object is downloaded, its SHA-256 computed, and it
 * is read back, row by row, into the same checksum. Only when row counts and checksums are equal does the caller get
 * a {@link VerifiedObject} — and the rows read back, which are the only ones it may delete.
 * <p>
 * An object already under the (deterministic) key, left by an earlier attempt, is never uploaded again: it is
 * verified against the rows like a new one. Other objects beside it that no manifest row records were left by an
 * interrupted attempt (none of their rows was deleted) and are removed first: left there, readers of the partition
 * would see their rows twice once the partition is archived under this key.
 */
@Component
public class ArchiveObjects {

	private final ObjectStore objectStore;

	private final ArchiveManifest manifest;

	public ArchiveObjects(ObjectStore objectStore, ArchiveManifest manifest) {
		this.objectStore = objectStore;
		this.manifest = manifest;
	}

	/** Streams an object's rows, in the order they are written, to the consumer it is given. */
	@FunctionalInterface
	public interface Rows {

		void streamTo(Consumer<GenericRecord> consumer);

	}

	/** A verified object. {@code uploadedEarlier}: found under its key, written by an earlier attempt. */
	public record VerifiedObject(String key, long rows, long bytes, String sha256, String checksum,
			boolean uploadedEarlier) {
	}

	/**
	 * @param key the object's full key; the partition is what lies under its parent prefix
	 * @param uniqueColumns columns whose values rarely repeat (no dictionary encoding)
	 * @param readBack receives every row read back from the object; use it only once this method has returned
	 * @return the verified object, or null when there were no rows (nothing is written then)
	 * @throws ArchiveVerificationException when the object does not hold exactly the rows
	 */
	public VerifiedObject writeVerified(String key, Schema schema, Rows rows, Consumer<GenericRecord> readBack,
			String... uniqueColumns) {
		boolean uploadedEarlier = removeUnrecordedBeside(key);
		ContentChecksum expected = uploadedEarlier ? checksumOf(rows) : upload(key, schema, rows, uniqueColumns);
		if (expected.rows() == 0) {
			return null;
		}
		String expectedHex = expected.hex();
		try {
			Path local = Files.createTempFile("flowbatch-verify-", ".parquet");
			try {
				String sha256 = this.objectStore.download(key, local);
				ContentChecksum actual = new ContentChecksum();
				try (ParquetReader<GenericRecord> reader = ParquetFiles.reader(local)) {
					for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
						actual.addRecord(record);
						readBack.accept(record);
					}
				}
				String actualHex = actual.hex();
				if (actual.rows() != expected.rows() || !actualHex.equals(expectedHex)) {
					throw new ArchiveVerificationException("object " + key + " does not match PostgreSQL (rows "
							+ actual.rows() + " read back, " + expected.rows() + " expected; checksum "
							+ (actualHex.equals(expectedHex) ? "equal" : "different") + "); nothing of it was deleted");
				}
				return new VerifiedObject(key, expected.rows(), Files.size(local), sha256, expectedHex, uploadedEarlier);
			}
			finally {
				Files.deleteIfExists(local);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot verify s3 object " + key, ex);
		}
	}

	/** One listing of the partition: removes the unrecorded objects beside the key, and tells whether it exists. */
	private boolean removeUnrecordedBeside(String key) {
		boolean exists = false;
		for (String listed : this.objectStore.list(key.substring(0, key.lastIndexOf('/') + 1))) {
			if (listed.equals(key)) {
				exists = true;
			}
			else if (listed.endsWith(".parquet") && !this.manifest.contains(listed)) {
				this.objectStore.delete(listed);
			}
		}
		return exists;
	}

	private ContentChecksum upload(String key, Schema schema, Rows rows, String[] uniqueColumns) {
		ContentChecksum checksum = new ContentChecksum();
		MultipartObjectOutputStream object = this.objectStore.create(key);
		boolean completed = false;
		try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(schema, object, uniqueColumns)) {
			rows.streamTo((record) -> {
				checksum.addRecord(record);
				try {
					writer.write(record);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			completed = true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write s3 object " + key, ex);
		}
		finally {
			if (!completed) {
				object.abort();
			}
		}
		return checksum;
	}

	private static ContentChecksum checksumOf(Rows rows) {
		ContentChecksum checksum = new ContentChecksum();
		rows.streamTo(checksum::addRecord);
		return checksum;
	}

}
