package io.flowbatch.archiveverify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.parquet.ContentChecksum;
import io.flowbatch.parquet.ParquetFiles;
import io.flowbatch.storage.ObjectStore;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Checks one archived object against its manifest row: it exists, with the recorded size and SHA-256 (streamed, kept
 * nowhere); with {@code full}, it is also downloaded and read back with the Parquet reader the archive jobs verify
 * with, and its row count and content checksum must be those recorded. Returns the finding, or null when the object
 * is intact. An S3 error on the object is a finding (unreadable), never a pass.
 */
class ObjectVerifier implements ItemProcessor<ManifestObject, Finding> {

	private final ObjectStore objectStore;

	private final JobMetrics metrics;

	private final boolean full;

	ObjectVerifier(ObjectStore objectStore, JobMetrics metrics, boolean full) {
		this.objectStore = objectStore;
		this.metrics = metrics;
		this.full = full;
	}

	@Override
	public Finding process(ManifestObject object) {
		Finding finding = check(object);
		this.metrics.countOnCommit("flowbatch.archive.verify.objects", 1, "dataset", object.dataset(), "result",
				(finding == null) ? "intact" : finding.problem().name().toLowerCase(java.util.Locale.ROOT));
		return finding;
	}

	private Finding check(ManifestObject object) {
		try {
			return this.full ? checkFully(object) : checkBytes(object);
		}
		catch (SdkException | UncheckedIOException ex) {
			return new Finding(object.key(), Finding.Problem.UNREADABLE, firstLine(ex.getMessage()));
		}
	}

	private Finding checkBytes(ManifestObject object) {
		Optional<ObjectStore.Digest> digest = this.objectStore.digest(object.key());
		if (digest.isEmpty()) {
			return new Finding(object.key(), Finding.Problem.MISSING, "no object under the key");
		}
		return compareBytes(object, digest.get().size(), digest.get().sha256());
	}

	private Finding checkFully(ManifestObject object) {
		if (this.objectStore.size(object.key()).isEmpty()) {
			return new Finding(object.key(), Finding.Problem.MISSING, "no object under the key");
		}
		try {
			Path local = Files.createTempFile("flowbatch-archive-verify-", ".parquet");
			try {
				String sha256 = this.objectStore.download(object.key(), local);
				Finding bytes = compareBytes(object, Files.size(local), sha256);
				if (bytes != null) {
					return bytes;
				}
				ContentChecksum checksum = new ContentChecksum();
				try (var reader = ParquetFiles.reader(local)) {
					for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
						checksum.addRecord(record);
					}
				}
				catch (RuntimeException ex) {
					return new Finding(object.key(), Finding.Problem.UNREADABLE, "not Parquet: " + firstLine(ex.getMessage()));
				}
				if (checksum.rows() != object.rows()) {
					return new Finding(object.key(), Finding.Problem.ROWS_DIFFER,
							object.rows() + " rows recorded, " + checksum.rows() + " read");
				}
				if (!checksum.hex().equals(object.contentChecksum())) {
					return new Finding(object.key(), Finding.Problem.CONTENT_DIFFERS,
							"content checksum " + object.contentChecksum() + " recorded, " + checksum.hex() + " read");
				}
				return null;
			}
			finally {
				Files.deleteIfExists(local);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Finding compareBytes(ManifestObject object, long size, String sha256) {
		if (size != object.bytes()) {
			return new Finding(object.key(), Finding.Problem.SIZE_DIFFERS,
					object.bytes() + " bytes recorded, " + size + " found");
		}
		if (!sha256.equals(object.sha256())) {
			return new Finding(object.key(), Finding.Problem.SHA256_DIFFERS,
					"sha256 " + object.sha256() + " recorded, " + sha256 + " found");
		}
		return null;
	}

	private static String firstLine(String message) {
		return (message == null) ? "" : message.lines().findFirst().orElse("");
	}

}
