package io.flowbatch.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead, in a thread of its own, into at most {@code maxChunks} chunks held in memory. pg_dump writes
 * into a pipe of 64 KiB: read directly, it would stop compressing each time its reader stops to upload a part to S3;
 * read ahead, it goes on while the part uploads.
 */
final class ReadAhead implements AutoCloseable {

	private static final byte[] END = new byte[0];

	private final BlockingQueue<byte[]> chunks;

	private final Thread reader;

	private volatile IOException failure;

	ReadAhead(InputStream source, int chunkSize, int maxChunks) {
		this.chunks = new ArrayBlockingQueue<>(maxChunks);
		this.reader = new Thread(() -> readAll(source, chunkSize), "read-ahead");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void readAll(InputStream source, int chunkSize) {
		try (source) {
			while (true) {
				byte[] chunk = new byte[chunkSize];
				int length = source.readNBytes(chunk, 0, chunkSize);
				if (length == 0) {
					break;
				}
				this.chunks.put((length == chunkSize) ? chunk : Arrays.copyOf(chunk, length));
			}
		}
		catch (IOException ex) {
			this.failure = ex;
		}
		catch (InterruptedException ex) {
			// Closed: nobody reads the rest.
			return;
		}
		try {
			this.chunks.put(END);
		}
		catch (InterruptedException ex) {
			// Closed.
		}
	}

	/** Writes everything the source gives, chunk by chunk, until it ends; rethrows the source's failure. */
	long transferTo(OutputStream out) throws IOException {
		long transferred = 0;
		while (true) {
			byte[] chunk;
			try {
				chunk = this.chunks.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while reading ahead");
			}
			if (chunk == END) {
				if (this.failure != null) {
					throw this.failure;
				}
				return transferred;
			}
			out.write(chunk);
			transferred += chunk.length;
		}
	}

	/** Stops the reading thread and waits for it; call it once the source has ended (pg_dump exited or killed). */
	@Override
	public void close() {
		this.reader.interrupt();
		try {
			this.reader.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
