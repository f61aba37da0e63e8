package io.flowbatch.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The test S3 server's storage, with faults a test can switch on. The server then answers over HTTP as a failing S3
 * would (HTTP 500 on writes), hands out corrupted bytes, or holds a request until the test lets it go (to kill the
 * client at that moment); the code under test sees it all through the real SDK.
 */
public final class FaultyBlobStore extends ForwardingBlobStore {

	/** Where a request can be held. */
	public enum Operation {

		/** Writing a {@code .parquet} object (PUT or a multipart part). */
		PARQUET_WRITE,
		/** Reading a {@code .parquet} object back. */
		PARQUET_READ,
		/** Writing any object (PUT, a multipart part or the completion): with a key fragment, e.g. {@code .dump}. */
		WRITE,
		/** Deleting any object. */
		DELETE

	}

	/** A held request: {@link #awaitReached} until a client is stuck in it, then {@link #release}. */
	public static final class Pause {

		private final Operation operation;

		private final String keyContaining;

		private final CountDownLatch reached = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private Pause(Operation operation, String keyContaining) {
			this.operation = operation;
			this.keyContaining = keyContaining;
		}

		public void awaitReached(Duration timeout) throws InterruptedException {
			if (!this.reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("no request reached " + this.operation + " within " + timeout);
			}
		}

		public void release() {
			this.released.countDown();
		}

	}

	private final AtomicInteger writesBeforeFailure = new AtomicInteger(-1);

	private volatile boolean corruptParquetReads;

	private volatile boolean failParquetReads;

	private volatile boolean rejectCompletions;

	private volatile Pause pause;

	FaultyBlobStore(BlobStore delegate) {
		super(delegate);
	}

	/** Lets {@code successfulWrites} more writes through, then fails every write with HTTP 500. */
	public void failWritesAfter(int successfulWrites) {
		this.writesBeforeFailure.set(successfulWrites);
	}

	public void corruptParquetReads(boolean corrupt) {
		this.corruptParquetReads = corrupt;
	}

	/** Every read of a {@code .parquet} object fails with HTTP 500. */
	public void failParquetReads(boolean fail) {
		this.failParquetReads = fail;
	}

	/**
	 * Every {@code CompleteMultipartUpload} of a {@code .parquet} object is answered with 412 Precondition Failed, as
	 * S3 answers {@code If-None-Match: *} when another writer created the key first.
	 */
	public void rejectMultipartCompletions(boolean reject) {
		this.rejectCompletions = reject;
	}

	public Pause pauseOn(Operation operation) {
		return pauseOn(operation, "");
	}

	/** Holds the requests of {@code operation} on keys that contain {@code keyContaining}. */
	public Pause pauseOn(Operation operation, String keyContaining) {
		this.pause = new Pause(operation, keyContaining);
		return this.pause;
	}

	/** Back to a well-behaved server; held requests go on. */
	public void reset() {
		this.writesBeforeFailure.set(-1);
		this.corruptParquetReads = false;
		this.failParquetReads = false;
		this.rejectCompletions = false;
		Pause held = this.pause;
		this.pause = null;
		if (held != null) {
			held.release();
		}
	}

	@Override
	public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
		beforeWrite(request.key());
		return super.putBlob(request, content);
	}

	@Override
	public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
			InputStream content) {
		beforeWrite(request.key());
		return super.uploadMultipartPart(upload, request, content);
	}

	@Override
	public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
			CompleteMultipartUploadRequest request) {
		beforeWrite(request.key());
		if (this.rejectCompletions && request.key().endsWith(".parquet")) {
			throw S3Exceptions.preconditionFailed(null);
		}
		return super.completeMultipartUpload(upload, request);
	}

	@Override
	public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
		hold(Operation.DELETE, request.key());
		return super.removeBlob(request);
	}

	@Override
	public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
		if (request.key().endsWith(".parquet")) {
			hold(Operation.PARQUET_READ, request.key());
			if (this.failParquetReads) {
				throw new IllegalStateException("injected read failure");
			}
		}
		ResponseInputStream<GetObjectResponse> stored = super.getBlob(request);
		if (!this.corruptParquetReads || !request.key().endsWith(".parquet")) {
			return stored;
		}
		try (stored) {
			byte[] bytes = stored.readAllBytes();
			bytes[bytes.length / 2] ^= 0x5a;
			return new ResponseInputStream<>(stored.response(),
					AbortableInputStream.create(new ByteArrayInputStream(bytes)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void beforeWrite(String key) {
		if (key.endsWith(".parquet")) {
			hold(Operation.PARQUET_WRITE, key);
		}
		hold(Operation.WRITE, key);
		if (this.writesBeforeFailure.get() >= 0 && this.writesBeforeFailure.getAndDecrement() <= 0) {
			this.writesBeforeFailure.set(0);
			throw new IllegalStateException("injected storage failure");
		}
	}

	private void hold(Operation operation, String key) {
		Pause held = this.pause;
		if (held != null && held.operation == operation && key.contains(held.keyContaining)) {
			held.reached.countDown();
			try {
				held.released.await(2, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
