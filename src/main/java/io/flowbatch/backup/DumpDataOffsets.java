package io.flowbatch.backup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table-of-contents data offsets of a {@code pg_dump -Fc} archive. pg_dump records where each table's data
 * starts only when it writes to a file it can seek in: at the end it rewrites the table of contents with the
 * offsets. Streamed to S3 through a pipe, the archive has none, and every {@code pg_restore -j} worker then scans
 * the archive from its start to find each table (about 3 s more for a 170 MB dump). {@link #addTo(Path)} does on
 * the downloaded copy what pg_dump does on a file: one sequential pass over the data blocks' headers, then the
 * offsets written in place. pg_restore still checks that each offset points at its entry's block.
 * <p>
 * The layout read here is pg_dump's archive format 1.12 to 1.16 (PostgreSQL 9.0 to 19): {@code pg_backup_archiver.c}
 * {@code ReadHead}/{@code ReadToc} and {@code pg_backup_custom.c}.
 */
final class DumpDataOffsets {

	private static final int FORMAT_CUSTOM = 1;

	private static final int OFFSET_NOT_SET = 1;

	private static final int OFFSET_SET = 2;

	private static final int BLOCK_DATA = 1;

	private static final int BLOCK_LARGE_OBJECTS = 3;

	private DumpDataOffsets() {
	}

	/**
	 * Writes the data offsets the archive lacks. Changes nothing unless the whole archive was read as the format
	 * expects, so pg_restore still reports a damaged archive in its own words.
	 * @return how many entries got their offset: 0 when the archive has them already or is not one this reads
	 */
	static int addTo(Path dump) throws IOException {
		Map<Integer, Long> missing;
		Map<Integer, Long> blocks;
		int offsetSize;
		try (ArchiveReader archive = new ArchiveReader(dump)) {
			if (!archive.readHeader()) {
				return 0;
			}
			offsetSize = archive.offsetSize;
			missing = archive.readTocOffsetsNotSet();
			if (missing.isEmpty()) {
				return 0;
			}
			blocks = archive.readDataBlockPositions();
		}
		catch (EOFException | MalformedArchiveException ex) {
			return 0;
		}
		missing.keySet().retainAll(blocks.keySet());
		try (FileChannel channel = FileChannel.open(dump, StandardOpenOption.WRITE)) {
			for (Map.Entry<Integer, Long> entry : missing.entrySet()) {
				ByteBuffer offset = ByteBuffer.allocate(1 + offsetSize);
				offset.put((byte) OFFSET_SET);
				long position = blocks.get(entry.getKey());
				for (int i = 0; i < offsetSize; i++) {
					offset.put((byte) (position >>> (8 * i)));
				}
				channel.write(offset.flip(), entry.getValue());
			}
		}
		return missing.size();
	}

	/** Sequential reader of the archive's integers and strings, counting its position. */
	private static final class ArchiveReader implements AutoCloseable {

		private final InputStream in;

		private final long size;

		private long position;

		private int version;

		private int intSize;

		private int offsetSize;

		ArchiveReader(Path dump) throws IOException {
			this.in = new BufferedInputStream(Files.newInputStream(dump), 1 << 16);
			this.size = Files.size(dump);
		}

		/** {@code false} when this is not a custom-format archive of a version this class knows. */
		boolean readHeader() throws IOException {
			if (!Arrays.equals(readBytes(5), "PGDMP".getBytes(StandardCharsets.US_ASCII))) {
				return false;
			}
			int major = readByte();
			int minor = readByte();
			readByte(); // revision
			this.version = major * 100 + minor;
			if (major != 1 || minor < 12 || minor > 16) {
				return false;
			}
			this.intSize = readByte();
			this.offsetSize = readByte();
			if (readByte() != FORMAT_CUSTOM || this.intSize < 1 || this.intSize > 8 || this.offsetSize < 1
					|| this.offsetSize > 8) {
				return false;
			}
			if (this.version >= 115) {
				readByte(); // compression algorithm
			}
			else {
				readInt(); // compression level
			}
			for (int field = 0; field < 7; field++) {
				readInt(); // creation time
			}
			skipString(); // database name
			skipString(); // server version
			skipString(); // pg_dump version
			return true;
		}

		/** Dump id → position of the offset field, for the entries that have data but no offset. */
		Map<Integer, Long> readTocOffsetsNotSet() throws IOException {
			Map<Integer, Long> notSet = new LinkedHashMap<>();
			int entries = readInt();
			for (int entry = 0; entry < entries; entry++) {
				int dumpId = readInt();
				readInt(); // has a data dumper
				skipString(); // table oid
				skipString(); // oid
				skipString(); // tag
				skipString(); // description
				readInt(); // section
				skipString(); // definition
				skipString(); // drop statement
				skipString(); // copy statement
				skipString(); // namespace
				skipString(); // tablespace
				if (this.version >= 114) {
					skipString(); // table access method
				}
				if (this.version >= 116) {
					readInt(); // relkind
				}
				skipString(); // owner
				skipString(); // "with oids"
				while (skipString()) {
					// dependencies, ended by a null string
				}
				long offsetField = this.position;
				int state = readByte();
				skip(this.offsetSize);
				if (state == OFFSET_NOT_SET) {
					notSet.put(dumpId, offsetField);
				}
			}
			return notSet;
		}

		/** Dump id → position of its data block, read up to the end of the archive. */
		Map<Integer, Long> readDataBlockPositions() throws IOException {
			Map<Integer, Long> blocks = new LinkedHashMap<>();
			while (true) {
				long block = this.position;
				int type = this.in.read();
				if (type < 0) {
					return blocks;
				}
				this.position++;
				int dumpId = readInt();
				if (type == BLOCK_DATA) {
					skipChunks();
				}
				else if (type == BLOCK_LARGE_OBJECTS) {
					while (readInt() != 0) { // each large object: its oid, then its chunks; oid 0 ends them
						skipChunks();
					}
				}
				else {
					throw new MalformedArchiveException();
				}
				blocks.put(dumpId, block);
			}
		}

		/** Compressed data is written as chunks, each preceded by its length; a length of 0 ends them. */
		private void skipChunks() throws IOException {
			for (int length = readInt(); length != 0; length = readInt()) {
				if (length < 0) {
					throw new MalformedArchiveException();
				}
				skip(length);
			}
		}

		/** A sign byte, then the magnitude in {@code intSize} bytes, least significant first. */
		private int readInt() throws IOException {
			boolean negative = readByte() != 0;
			long magnitude = 0;
			for (int i = 0; i < this.intSize; i++) {
				magnitude |= ((long) readByte()) << (8 * i);
			}
			if (magnitude > Integer.MAX_VALUE) {
				throw new MalformedArchiveException();
			}
			return (int) (negative ? -magnitude : magnitude);
		}

		/** Skips a string: a length (-1 for null), then that many bytes; {@code false} for null. */
		private boolean skipString() throws IOException {
			int length = readInt();
			if (length >= 0) {
				skip(length);
			}
			return length >= 0;
		}

		private int readByte() throws IOException {
			int value = this.in.read();
			if (value < 0) {
				throw new EOFException();
			}
			this.position++;
			return value;
		}

		private byte[] readBytes(int length) throws IOException {
			byte[] bytes = this.in.readNBytes(length);
			if (bytes.length < length) {
				throw new EOFException();
			}
			this.position += length;
			return bytes;
		}

		/** Skipping may seek past the end of a file without failing, hence the size check. */
		private void skip(long length) throws IOException {
			if (this.position + length > this.size) {
				throw new EOFException();
			}
			this.in.skipNBytes(length);
			this.position += length;
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

	private static final class MalformedArchiveException extends IOException {

		MalformedArchiveException() {
			super("not a custom-format archive this reader knows");
		}

	}

}
