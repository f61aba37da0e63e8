package io.flowbatch.parquet;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.flowbatch.storage.Sha256;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * A SHA-256 over the values that must survive archiving, fed in row order from PostgreSQL when writing and from the
 * object when reading it back: equal checksums mean equal ids and payloads. Each value is length-prefixed, so no two
 * different row sequences feed the digest the same bytes.
 */
public final class ContentChecksum {

	private final MessageDigest digest = Sha256.newDigest();

	private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES);

	private long rows;

	private String hex;

	public ContentChecksum addLong(long value) {
		this.scratch.clear();
		this.digest.update(this.scratch.putLong(value).array());
		return this;
	}

	/** A text value; null is distinguished from the empty string. */
	public ContentChecksum addText(String value) {
		if (value == null) {
			return addLong(-1);
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		addLong(bytes.length);
		this.digest.update(bytes);
		return this;
	}

	/** Every field of a record, in schema order; the same values written and read back give the same bytes. */
	public ContentChecksum addRecord(GenericRecord record) {
		for (Schema.Field field : record.getSchema().getFields()) {
			addValue(record.get(field.pos()));
		}
		return endRow();
	}

	private void addValue(Object value) {
		if (value == null) {
			addLong(-1);
		}
		else if (value instanceof Utf8 utf8) {
			addLong(utf8.getByteLength());
			this.digest.update(utf8.getBytes(), 0, utf8.getByteLength());
		}
		else if (value instanceof Long number) {
			addLong(number);
		}
		else if (value instanceof Integer number) {
			addLong(number);
		}
		else if (value instanceof BigDecimal decimal) {
			addText(decimal.toPlainString());
		}
		else {
			addText(value.toString());
		}
	}

	public ContentChecksum endRow() {
		this.rows++;
		return this;
	}

	public long rows() {
		return this.rows;
	}

	/** The checksum of everything added; no value may be added after the first call. */
	public String hex() {
		if (this.hex == null) {
			this.hex = HexFormat.of().formatHex(this.digest.digest());
		}
		return this.hex;
	}

}
