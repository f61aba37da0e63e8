package io.flowbatch.parquet;

import java.io.IOException;

import io.flowbatch.storage.MultipartObjectOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A Parquet {@link OutputFile} that streams into an S3 multipart upload: nothing is staged on local disk. */
final class StreamOutputFile implements OutputFile {

	private final MultipartObjectOutputStream target;

	StreamOutputFile(MultipartObjectOutputStream target) {
		this.target = target;
	}

	@Override
	public PositionOutputStream create(long blockSizeHint) {
		return new PositionOutputStream() {

			@Override
			public long getPos() {
				return StreamOutputFile.this.target.position();
			}

			@Override
			public void write(int b) throws IOException {
				StreamOutputFile.this.target.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				StreamOutputFile.this.target.write(bytes, offset, length);
			}

			@Override
			public void close() {
				StreamOutputFile.this.target.close();
			}

		};
	}

	@Override
	public PositionOutputStream createOrOverwrite(long blockSizeHint) {
		return create(blockSizeHint);
	}

	@Override
	public boolean supportsBlockSize() {
		return false;
	}

	@Override
	public long defaultBlockSize() {
		return 0;
	}

	@Override
	public String getPath() {
		return this.target.key();
	}

}
