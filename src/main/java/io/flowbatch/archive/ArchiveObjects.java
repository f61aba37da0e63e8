package io.flowbatch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.flowbatch.parquet.ContentChecksum;
import io.flowbatch.parquet.ParquetFiles;
import io.flowbatch.storage.MultipartObjectOutputStream;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Writes rows into a Parquet object on S3 and proves it: the rows are streamed from PostgreSQL through a multipart
 * upload while a checksum over every column is computed; then the object is downloaded, its SHA-256 computed, and it
 * is read back, row by row, into the same checksum. Only when row counts and checksums are equal does the caller get
 * a {@link VerifiedObject} — with the keys of the rows read back, which are the only ones it may delete. The bytes
 * read back must also be the bytes written (same SHA-256): a byte changed where the reader does not look (a bloom
 * filter, statistics) would otherwise pass.
 * <p>
 * What it may touch under the partition's prefix is decided by {@link UploadAttempts}: every key is recorded there
 * before its upload starts. An object beside the key that this database attempted but never recorded is removed
 * (none of its rows was deleted, and readers would see them twice); an object at the key that this database
 * attempted is verified like a new one, and replaced when it does not hold the rows now in PostgreSQL. Objects this
 * database did not write are never deleted.
 */
@Component
public class ArchiveObjects {

	private static final Logger logger = LoggerFactory.getLogger(ArchiveObjects.class);

	private final ObjectStore objectStore;

	private final UploadAttempts attempts;

	public ArchiveObjects(ObjectStore objectStore, UploadAttempts attempts) {
		this.objectStore = objectStore;
		this.attempts = attempts;
	}

	/** The full key of a path under the prefix. */
	public String key(String relative) {
		return this.objectStore.properties().key(relative);
	}

	/** Streams an object's rows, in the order they are written, to the consumer it is given. */
	@FunctionalInterface
	public interface Rows {

		void streamTo(Consumer<GenericRecord> consumer);

	}

	/** What the caller keeps of each row read back: its id and, for a child row, its parent's id. */
	public record RowKey(String id, String parentId) {
	}

	/**
	 * A verified object. {@code uploadedEarlier}: found under its key, written by an earlier attempt.
	 * {@code rowKeys}: the rows read back from it, in order.
	 */
	public record VerifiedObject(String key, long rows, long bytes, String sha256, String checksum,
			boolean uploadedEarlier, List<RowKey> rowKeys) {
	}

	/** The object to write: its key (the partition is what lies under its parent prefix) and contents. */
	public record ObjectSpec(String key, String dataset, Schema schema, Function<GenericRecord, RowKey> rowKey,
			String... uniqueColumns) {
	}

	/**
	 * @return the verified object, or null when there were no rows (nothing is written then)
	 * @throws ArchiveVerificationException when the object does not hold exactly the rows, or a foreign object
	 * stands at its key
	 */
	public VerifiedObject writeVerified(ObjectSpec spec, Rows rows, long executionId) {
		boolean existing = removeUnrecordedBeside(spec.key());
		if (existing) {
			ContentChecksum expected = checksumOf(rows);
			ReadBack earlier = readBack(spec);
			if (earlier.matches(expected)) {
				return earlier.verified(spec.key(), expected, true);
			}
			logger.warn("Replacing s3 object {}: an earlier attempt of this database wrote it and never recorded it"
					+ " (none of its rows was deleted), and it does not hold the rows now in PostgreSQL ({} rows read"
					+ " back, {} in PostgreSQL{})", spec.key(), earlier.checksum.rows(), expected.rows(),
					(earlier.checksum.rows() == expected.rows()) ? ", content differs" : "");
			this.objectStore.delete(spec.key());
		}
		this.attempts.record(spec.key(), spec.dataset(), executionId);
		Uploaded uploaded = upload(spec, rows);
		ContentChecksum expected = uploaded.checksum();
		if (expected.rows() == 0) {
			return null;
		}
		ReadBack actual = readBack(spec);
		if (!actual.sha256().equals(uploaded.sha256())) {
			throw new ArchiveVerificationException("object " + spec.key() + " read back is not the bytes written (sha256 "
					+ actual.sha256() + " read, " + uploaded.sha256() + " written); nothing of it was deleted");
		}
		if (!actual.matches(expected)) {
			throw new ArchiveVerificationException("object " + spec.key() + " does not match PostgreSQL (rows "
					+ actual.checksum.rows() + " read back, " + expected.rows() + " expected; checksum "
					+ (actual.checksumHex.equals(expected.hex()) ? "equal" : "different")
					+ "); nothing of it was deleted");
		}
		return actual.verified(spec.key(), expected, false);
	}

	/**
	 * One listing of the partition: removes the objects beside the key that an attempt of this database left
	 * unrecorded, and tells whether the key itself holds such an object.
	 */
	private boolean removeUnrecordedBeside(String key) {
		List<String> listed = this.objectStore.list(key.substring(0, key.lastIndexOf('/') + 1))
			.stream()
			.filter((object) -> object.endsWith(".parquet"))
			.toList();
		Map<String, UploadAttempts.Ownership> ownership = this.attempts.ownership(listed);
		boolean existing = false;
		for (String object : listed) {
			UploadAttempts.Ownership owner = ownership.get(object);
			if (object.equals(key)) {
				if (owner != UploadAttempts.Ownership.UNRECORDED_ATTEMPT) {
					throw new ArchiveVerificationException("s3 object " + key + " is "
							+ ((owner == UploadAttempts.Ownership.RECORDED) ? "already recorded as verified"
									: "not written by this database (no upload attempt of it is recorded)")
							+ "; it was left as it is and nothing of the partition was deleted: inspect it, move it"
							+ " away, then restart");
				}
				existing = true;
			}
			else if (owner == UploadAttempts.Ownership.UNRECORDED_ATTEMPT) {
				logger.info("Removing s3 object {}: an earlier attempt of this database wrote it and never recorded it"
						+ " (none of its rows was deleted)", object);
				this.objectStore.delete(object);
			}
			else if (owner == UploadAttempts.Ownership.FOREIGN) {
				logger.warn("s3 object {} lies in a partition this run archives but was not written by this database;"
						+ " it is left as it is (readers of the partition may see its rows too)", object);
			}
		}
		return existing;
	}

	/** What was uploaded: the rows' checksum, and the SHA-256 of the bytes sent. */
	private record Uploaded(ContentChecksum checksum, String sha256) {
	}

	/**
	 * Streams the rows through a multipart upload. Any failure of the row source or of the writer aborts the upload
	 * before the writer is closed (closing would complete it): no object with fewer rows than PostgreSQL sent, and no
	 * empty object, is ever completed.
	 */
	private Uploaded upload(ObjectSpec spec, Rows rows) {
		ContentChecksum checksum = new ContentChecksum();
		MultipartObjectOutputStream object = this.objectStore.create(spec.key());
		var writer = ParquetFiles.writer(spec.schema(), object, spec.uniqueColumns());
		try {
			rows.streamTo((record) -> {
				checksum.addRecord(record);
				try {
					writer.write(record);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (RuntimeException | Error ex) {
			object.abort();
			closeQuietly(writer, ex);
			throw ex;
		}
		if (checksum.rows() == 0) {
			object.abort();
			closeQuietly(writer, null);
			return new Uploaded(checksum, null);
		}
		try {
			writer.close();
		}
		catch (IOException | RuntimeException ex) {
			object.abort();
			throw (ex instanceof RuntimeException runtime) ? runtime
					: new UncheckedIOException("cannot write s3 object " + spec.key(), (IOException) ex);
		}
		return new Uploaded(checksum, object.sha256());
	}

	private static void closeQuietly(AutoCloseable writer, Throwable cause) {
		try {
			writer.close();
		}
		catch (Exception ex) {
			// The upload is aborted already; closing only releases the writer's buffers.
			if (cause != null) {
				cause.addSuppressed(ex);
			}
		}
	}

	private ReadBack readBack(ObjectSpec spec) {
		try {
			Path local = Files.createTempFile("flowbatch-verify-", ".parquet");
			try {
				String sha256 = this.objectStore.download(spec.key(), local);
				ContentChecksum checksum = new ContentChecksum();
				List<RowKey> rowKeys = new ArrayList<>();
				try (var reader = ParquetFiles.reader(local)) {
					for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
						checksum.addRecord(record);
						rowKeys.add(spec.rowKey().apply(record));
					}
				}
				catch (RuntimeException ex) {
					// Not Parquet, or truncated: it holds none of the rows.
					return new ReadBack(sha256, Files.size(local), new ContentChecksum(), "unreadable: "
							+ ex.getMessage(), List.of());
				}
				return new ReadBack(sha256, Files.size(local), checksum, checksum.hex(), rowKeys);
			}
			finally {
				Files.deleteIfExists(local);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot verify s3 object " + spec.key(), ex);
		}
	}

	private static ContentChecksum checksumOf(Rows rows) {
		ContentChecksum checksum = new ContentChecksum();
		rows.streamTo(checksum::addRecord);
		return checksum;
	}

	private record ReadBack(String sha256, long bytes, ContentChecksum checksum, String checksumHex,
			List<RowKey> rowKeys) {

		boolean matches(ContentChecksum expected) {
			return this.checksum.rows() == expected.rows() && this.checksumHex.equals(expected.hex());
		}

		VerifiedObject verified(String key, ContentChecksum expected, boolean uploadedEarlier) {
			return new VerifiedObject(key, expected.rows(), this.bytes, this.sha256, this.checksumHex, uploadedEarlier,
					this.rowKeys);
		}

	}

}
