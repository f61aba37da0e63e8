package io.flowbatch.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD pages compressed and decompressed with zstd-jni directly. parquet-java's default codec factory goes through
 * Hadoop's codec classes and builds a Hadoop {@code Configuration}, which needs all of Hadoop on the class path (50 MB
 * of the jar); this one needs none of it. It reads the frames parquet-java's Hadoop codec wrote (streamed, without a
 * content size) as well as its own.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {

	private final int level;

	ZstdCodecFactory(int level) {
		this.level = level;
	}

	/**
	 * A compressor for one writer (parquet-java asks for one per file writer and uses it from that writer's thread).
	 * It reuses its two buffers from page to page: a fresh page copy and a fresh compressBound-sized output per 1 MiB
	 * page were each a humongous allocation for G1 in a 256 MiB heap. Reusing the output is safe: parquet-java copies a
	 * compressed page (into its column chunk buffer, and a dictionary page with {@code BytesInput.copy}) before it
	 * compresses the next one, which is why its own heap compressor reuses its output buffer too.
	 */
	@Override
	public BytesInputCompressor getCompressor(CompressionCodecName codec) {
		requireZstd(codec);
		return new BytesInputCompressor() {

			private final PageBuffer page = new PageBuffer();

			private byte[] compressed = new byte[0];

			@Override
			public BytesInput compress(BytesInput bytes) throws IOException {
				this.page.reset();
				bytes.writeAllTo(this.page);
				int bound = Math.toIntExact(Zstd.compressBound(this.page.size()));
				if (this.compressed.length < bound) {
					this.compressed = new byte[bound];
				}
				long size = Zstd.compressByteArray(this.compressed, 0, this.compressed.length, this.page.bytes(), 0,
						this.page.size(), ZstdCodecFactory.this.level);
				if (Zstd.isError(size)) {
					throw new IOException("cannot compress a page with ZSTD: " + Zstd.getErrorName(size));
				}
				return BytesInput.from(this.compressed, 0, (int) size);
			}

			@Override
			public CompressionCodecName getCodecName() {
				return CompressionCodecName.ZSTD;
			}

			@Override
			public void release() {
			}

		};
	}

	@Override
	public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
		requireZstd(codec);
		return new BytesInputDecompressor() {

			@Override
			public BytesInput decompress(BytesInput page, int uncompressedSize) throws IOException {
				// The decompressed page stays a new array: a dictionary page's values point into it while the column
				// chunk is read.
				return BytesInput.from(decompressed(page.toByteBuffer(), uncompressedSize));
			}

			@Override
			public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
					throws IOException {
				ByteBuffer compressed = input.duplicate();
				compressed.limit(compressed.position() + compressedSize);
				output.put(decompressed(compressed, uncompressedSize));
			}

			@Override
			public void release() {
			}

		};
	}

	@Override
	public void release() {
	}

	/** The page in {@code compressed} (position to limit), decompressed; read in place when it is on the heap. */
	private static byte[] decompressed(ByteBuffer compressed, int uncompressedSize) throws IOException {
		byte[] source;
		int offset;
		if (compressed.hasArray()) {
			source = compressed.array();
			offset = compressed.arrayOffset() + compressed.position();
		}
		else {
			source = new byte[compressed.remaining()];
			compressed.duplicate().get(source);
			offset = 0;
		}
		byte[] page = new byte[uncompressedSize];
		long size = Zstd.decompressByteArray(page, 0, uncompressedSize, source, offset, compressed.remaining());
		if (Zstd.isError(size)) {
			throw new IOException("cannot decompress a ZSTD page: " + Zstd.getErrorName(size));
		}
		if (size != uncompressedSize) {
			throw new IOException("a ZSTD page decompressed to " + size + " bytes; its header says " + uncompressedSize);
		}
		return page;
	}

	/** A byte array output stream whose buffer is read in place and kept from page to page. */
	private static final class PageBuffer extends ByteArrayOutputStream {

		byte[] bytes() {
			return this.buf;
		}

	}

	private static void requireZstd(CompressionCodecName codec) {
		if (codec != CompressionCodecName.ZSTD) {
			throw new IllegalArgumentException("flowbatch reads and writes ZSTD-compressed Parquet only, not " + codec);
		}
	}

}
