package io.flowbatch.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams bytes into one S3 object through a multipart upload, holding at most one part in memory (a buffer that
 * grows to what the object needs, reused from part to part and sent without a copy), and computes the object's
 * SHA-256 on the way. {@link #close()} completes the upload with {@code If-None-Match: *}, so an existing
 * object is never replaced ({@link ObjectAlreadyExistsException}); {@link #abort()} discards it.
 */
public class MultipartObjectOutputStream extends OutputStream {

	private final S3Client s3;

	private final String bucket;

	private final String key;

	private final int partSize;

	private final MessageDigest sha256 = Sha256.newDigest();

	private final List<CompletedPart> parts = new ArrayList<>();

	private final PartBuffer buffer = new PartBuffer();

	private String uploadId;

	private long position;

	private boolean closed;

	MultipartObjectOutputStream(S3Client s3, String bucket, String key, int partSize) {
		this.s3 = s3;
		this.bucket = bucket;
		this.key = key;
		this.partSize = partSize;
	}

	public long position() {
		return this.position;
	}

	public String key() {
		return this.key;
	}

	/** Hex SHA-256 of everything written; meaningful once closed. */
	public String sha256() {
		return HexFormat.of().formatHex(this.sha256.digest());
	}

	@Override
	public void write(int b) throws IOException {
		ensureOpen();
		this.buffer.write(b);
		this.sha256.update((byte) b);
		this.position++;
		if (this.buffer.size() >= this.partSize) {
			uploadPart();
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		ensureOpen();
		int written = 0;
		while (written < length) {
			int chunk = Math.min(length - written, this.partSize - this.buffer.size());
			this.buffer.write(bytes, offset + written, chunk);
			this.sha256.update(bytes, offset + written, chunk);
			written += chunk;
			this.position += chunk;
			if (this.buffer.size() >= this.partSize) {
				uploadPart();
			}
		}
	}

	/** After {@link #abort()} nothing more is sent: a writer flushing its last bytes must not revive the upload. */
	private void ensureOpen() throws IOException {
		if (this.closed) {
			throw new IOException("s3 object " + this.key + " is closed or aborted");
		}
	}

	private void uploadPart() {
		if (this.uploadId == null) {
			this.uploadId = this.s3.createMultipartUpload((r) -> r.bucket(this.bucket).key(this.key)).uploadId();
		}
		int partNumber = this.parts.size() + 1;
		String eTag = this.s3
			.uploadPart((r) -> r.bucket(this.bucket).key(this.key).uploadId(this.uploadId).partNumber(partNumber),
					this.buffer.requestBody())
			.eTag();
		this.parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
		this.buffer.reset();
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (this.uploadId == null) {
				// Small enough for one request.
				this.s3.putObject((r) -> r.bucket(this.bucket).key(this.key).ifNoneMatch("*"),
						this.buffer.requestBody());
				return;
			}
			if (this.buffer.size() > 0) {
				uploadPart();
			}
			this.s3.completeMultipartUpload((r) -> r.bucket(this.bucket)
				.key(this.key)
				.uploadId(this.uploadId)
				.ifNoneMatch("*")
				.multipartUpload((u) -> u.parts(this.parts)));
		}
		catch (S3Exception ex) {
			abort();
			if (ex.statusCode() == 412) {
				throw new ObjectAlreadyExistsException(this.key);
			}
			throw ex;
		}
	}

	/** Discards what was uploaded so far; nothing becomes visible under the key. */
	public void abort() {
		this.closed = true;
		if (this.uploadId != null) {
			try {
				this.s3.abortMultipartUpload((r) -> r.bucket(this.bucket).key(this.key).uploadId(this.uploadId));
			}
			catch (RuntimeException ex) {
				// An incomplete upload left behind is invisible; a bucket lifecycle rule expires it.
			}
		}
	}

	/**
	 * A part's bytes. Starts small, so that the many small objects of an archive do not each allocate a whole part;
	 * its array is handed to the SDK as it is (a retry re-reads it), and only reused once the request has returned.
	 */
	private static final class PartBuffer extends ByteArrayOutputStream {

		PartBuffer() {
			super(1024 * 1024);
		}

		RequestBody requestBody() {
			byte[] bytes = this.buf;
			int length = this.count;
			return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
					"application/octet-stream");
		}

	}

}
