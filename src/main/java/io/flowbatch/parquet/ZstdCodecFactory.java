package io.flowbatch.parquet;

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

	@Override
	public BytesInputCompressor getCompressor(CompressionCodecName codec) {
		requireZstd(codec);
		return new BytesInputCompressor() {

			@Override
			public BytesInput compress(BytesInput page) throws IOException {
				return BytesInput.from(Zstd.compress(page.toByteArray(), ZstdCodecFactory.this.level));
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
				return BytesInput.from(decompressed(page.toByteArray(), uncompressedSize));
			}

			@Override
			public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
					throws IOException {
				byte[] compressed = new byte[compressedSize];
				input.duplicate().get(compressed);
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

	private static byte[] decompressed(byte[] compressed, int uncompressedSize) throws IOException {
		byte[] page = Zstd.decompress(compressed, uncompressedSize);
		if (page.length != uncompressedSize) {
			throw new IOException("a ZSTD page decompressed to " + page.length + " bytes; its header says "
					+ uncompressedSize);
		}
		return page;
	}

	private static void requireZstd(CompressionCodecName codec) {
		if (codec != CompressionCodecName.ZSTD) {
			throw new IllegalArgumentException("flowbatch reads and writes ZSTD-compressed Parquet only, not " + codec);
		}
	}

}
