package io.flowbatch.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalLong;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The S3 operations flowbatch needs, on the configured bucket. Keys passed in are full keys (with the prefix). */
@Component
public class ObjectStore {

	/** Multipart part size: S3's minimum is 5 MiB; 16 MiB keeps memory flat and requests few. */
	static final int PART_SIZE = 16 * 1024 * 1024;

	private final ObjectProvider<S3Client> s3;

	private final S3Properties properties;

	public ObjectStore(ObjectProvider<S3Client> s3, S3Properties properties) {
		this.s3 = s3;
		this.properties = properties;
	}

	public S3Properties properties() {
		return this.properties;
	}

	/** Fails fast with {@link StorageUnavailableException} when the bucket cannot be reached with these credentials. */
	public void checkReachable() {
		try {
			client().headBucket((r) -> r.bucket(this.properties.bucket()));
		}
		catch (SdkClientException | S3Exception ex) {
			String endpoint = (this.properties.endpoint() != null) ? this.properties.endpoint().toString()
					: "AWS " + this.properties.region();
			throw new StorageUnavailableException("s3 bucket '" + this.properties.bucket() + "' at " + endpoint
					+ " is not reachable: " + firstLine(ex.getMessage()), ex);
		}
	}

	/** A new object, written as a stream; it becomes visible only when the stream is closed. */
	public MultipartObjectOutputStream create(String key) {
		return new MultipartObjectOutputStream(client(), this.properties.bucket(), key, PART_SIZE);
	}

	/** Writes a small object once; {@link ObjectAlreadyExistsException} if the key is taken. */
	public void createSmall(String key, String content, String contentType) {
		try {
			client().putObject((r) -> r.bucket(this.properties.bucket()).key(key).contentType(contentType).ifNoneMatch("*"),
					RequestBody.fromString(content, StandardCharsets.UTF_8));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 412) {
				throw new ObjectAlreadyExistsException(key);
			}
			throw ex;
		}
	}

	public OptionalLong size(String key) {
		try {
			return OptionalLong.of(client().headObject((r) -> r.bucket(this.properties.bucket()).key(key)).contentLength());
		}
		catch (NoSuchKeyException ex) {
			return OptionalLong.empty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return OptionalLong.empty();
			}
			throw ex;
		}
	}

	/** Downloads an object to a local file and returns the SHA-256 of its bytes. */
	public String download(String key, Path target) {
		MessageDigest sha256 = Sha256.newDigest();
		try (InputStream in = client().getObject((r) -> r.bucket(this.properties.bucket()).key(key));
				OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot download s3 object " + key, ex);
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

	/** An object's size and the SHA-256 of its bytes, streamed (nothing kept); empty when there is no such object. */
	public java.util.Optional<Digest> digest(String key) {
		MessageDigest sha256 = Sha256.newDigest();
		try (InputStream in = client().getObject((r) -> r.bucket(this.properties.bucket()).key(key));
				DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
			long size = in.transferTo(out);
			return java.util.Optional.of(new Digest(size, HexFormat.of().formatHex(sha256.digest())));
		}
		catch (NoSuchKeyException ex) {
			return java.util.Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read s3 object " + key, ex);
		}
	}

	/** An object's size in bytes and the hex SHA-256 of its bytes. */
	public record Digest(long size, String sha256) {
	}

	/** A small text object (a manifest), read whole. */
	public String readSmallText(String key) {
		return client().getObjectAsBytes((r) -> r.bucket(this.properties.bucket()).key(key)).asUtf8String();
	}

	/** A small text object, read whole, if it exists. */
	public java.util.Optional<String> readSmallTextIfExists(String key) {
		try {
			return java.util.Optional.of(readSmallText(key));
		}
		catch (NoSuchKeyException ex) {
			return java.util.Optional.empty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return java.util.Optional.empty();
			}
			throw ex;
		}
	}

	/** Whether any object lies under a prefix (one request). */
	public boolean anyUnder(String prefix) {
		return client().listObjectsV2((r) -> r.bucket(this.properties.bucket()).prefix(prefix).maxKeys(1)).keyCount() > 0;
	}

	/** The keys under a prefix. */
	public java.util.List<String> list(String prefix) {
		return client().listObjectsV2Paginator((r) -> r.bucket(this.properties.bucket()).prefix(prefix))
			.contents()
			.stream()
			.map(software.amazon.awssdk.services.s3.model.S3Object::key)
			.toList();
	}

	/**
	 * The keys of multipart uploads under a prefix that were started and never completed nor aborted (a writer killed
	 * mid-upload): invisible as objects, their parts still stored.
	 */
	public java.util.List<Upload> unfinishedUploads(String prefix) {
		return client().listMultipartUploadsPaginator((r) -> r.bucket(this.properties.bucket()).prefix(prefix))
			.uploads()
			.stream()
			.map((upload) -> new Upload(upload.key(), upload.uploadId()))
			.toList();
	}

	/** A multipart upload in progress. */
	public record Upload(String key, String uploadId) {
	}

	public void abort(Upload upload) {
		client().abortMultipartUpload(
				(r) -> r.bucket(this.properties.bucket()).key(upload.key()).uploadId(upload.uploadId()));
	}

	/** Writes a small object, replacing what is there (one PUT: readers see the old or the new content). */
	public void replaceSmall(String key, String content, String contentType) {
		client().putObject((r) -> r.bucket(this.properties.bucket()).key(key).contentType(contentType),
				RequestBody.fromString(content, StandardCharsets.UTF_8));
	}

	/** A server-side copy of an object to another key of the bucket (no bytes pass through this JVM). */
	public void copy(String sourceKey, String targetKey) {
		client().copyObject((r) -> r.sourceBucket(this.properties.bucket())
			.sourceKey(sourceKey)
			.destinationBucket(this.properties.bucket())
			.destinationKey(targetKey));
	}

	/**
	 * Deletes objects with one {@code DeleteObjects} request per 1,000 keys (S3's limit).
	 * @throws IllegalStateException naming the keys S3 did not delete
	 */
	public void deleteAll(java.util.List<String> keys) {
		for (int from = 0; from < keys.size(); from += 1_000) {
			var batch = keys.subList(from, Math.min(keys.size(), from + 1_000))
				.stream()
				.map((key) -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(key).build())
				.toList();
			var response = client().deleteObjects((r) -> r.bucket(this.properties.bucket())
				.delete((d) -> d.objects(batch).quiet(true)));
			if (response.hasErrors() && !response.errors().isEmpty()) {
				throw new IllegalStateException("s3 did not delete " + response.errors()
					.stream()
					.map((error) -> error.key() + " (" + error.code() + ")")
					.toList());
			}
		}
	}

	/** Deletes an object; for objects that were never recorded as verified, whose rows are still in PostgreSQL. */
	public void delete(String key) {
		client().deleteObject((r) -> r.bucket(this.properties.bucket()).key(key));
	}

	private S3Client client() {
		return this.s3.getObject();
	}

	private static String firstLine(String message) {
		return (message == null) ? "" : message.lines().findFirst().orElse("");
	}

}
