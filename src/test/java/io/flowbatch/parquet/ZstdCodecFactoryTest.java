package io.flowbatch.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ZstdCodecFactoryTest {

	private static final byte[] PAGE = "{\"event\":\"transition\",\"stage\":\"review\"}\n".repeat(2_000)
		.getBytes(StandardCharsets.UTF_8);

	private final ZstdCodecFactory codecs = new ZstdCodecFactory(ParquetFiles.ZSTD_LEVEL);

	@Test
	void pagesItCompressesDecompressToTheSameBytes() throws IOException {
		BytesInput compressed = this.codecs.getCompressor(CompressionCodecName.ZSTD).compress(BytesInput.from(PAGE));

		assertThat(compressed.size()).isLessThan(PAGE.length / 10);
		assertThat(decompressor().decompress(compressed, PAGE.length).toByteArray()).isEqualTo(PAGE);
	}

	/** A writer's compressor keeps its buffers from page to page; what it returned for a page is copied before the next. */
	@Test
	void aCompressorReusedForASmallerPageCompressesOnlyThatPage() throws IOException {
		BytesInputCompressor compressor = this.codecs.getCompressor(CompressionCodecName.ZSTD);
		byte[] second = "{\"event\":\"created\"}\n".repeat(50).getBytes(StandardCharsets.UTF_8);

		byte[] first = compressor.compress(BytesInput.from(PAGE)).toByteArray();
		BytesInput secondCompressed = compressor.compress(BytesInput.from(second));

		assertThat(decompressor().decompress(BytesInput.from(first), PAGE.length).toByteArray()).isEqualTo(PAGE);
		assertThat(decompressor().decompress(secondCompressed, second.length).toByteArray()).isEqualTo(second);
	}

	/** Archives written before flowbatch had its own codec factory hold pages that Hadoop's ZSTD codec streamed. */
	@Test
	void readsStreamedFramesWithoutAContentSizeAsParquetJavasHadoopCodecWroteThem() throws IOException {
		ByteArrayOutputStream streamed = new ByteArrayOutputStream();
		try (ZstdOutputStream zstd = new ZstdOutputStream(streamed, 3)) {
			zstd.write(PAGE, 0, 10_000);
			zstd.flush();
			zstd.write(PAGE, 10_000, PAGE.length - 10_000);
		}

		assertThat(decompressor().decompress(BytesInput.from(streamed.toByteArray()), PAGE.length).toByteArray())
			.isEqualTo(PAGE);
	}

	@Test
	void decompressesBetweenByteBuffers() throws IOException {
		byte[] compressed = this.codecs.getCompressor(CompressionCodecName.ZSTD)
			.compress(BytesInput.from(PAGE))
			.toByteArray();
		ByteBuffer input = ByteBuffer.allocateDirect(compressed.length).put(compressed).flip();
		ByteBuffer output = ByteBuffer.allocate(PAGE.length);

		decompressor().decompress(input, compressed.length, output, PAGE.length);

		assertThat(output.array()).isEqualTo(PAGE);
		assertThat(input.position()).isZero();
	}

	@Test
	void aPageShorterThanItsHeaderSaysIsAnError() throws IOException {
		BytesInput compressed = this.codecs.getCompressor(CompressionCodecName.ZSTD).compress(BytesInput.from(PAGE));

		assertThatIOException().isThrownBy(() -> decompressor().decompress(compressed, PAGE.length + 1))
			.withMessageContaining("header says " + (PAGE.length + 1));
	}

	@Test
	void refusesOtherCodecs() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codecs.getDecompressor(CompressionCodecName.SNAPPY))
			.withMessageContaining("ZSTD-compressed Parquet only, not SNAPPY");
	}

	private BytesInputDecompressor decompressor() {
		return this.codecs.getDecompressor(CompressionCodecName.ZSTD);
	}

}
