package io.flowbatch.parquet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.flowbatch.storage.Sha256;

/**
 * A SHA-256 over the values that must survive archiving, fed in row order from PostgreSQL when writing and from the
 * object when reading it back: equal checksums mean equal ids and payloads. Each value is length-prefixed, so no two
 * different row sequences feed the digest the same bytes.
 */
public final class ContentChecksum {

	private final MessageDigest digest = Sha256.newDigest();

	private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES);

	private long rows;

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

	public ContentChecksum endRow() {
		this.rows++;
		return this;
	}

	public long rows() {
		return this.rows;
	}

	public String hex() {
		return HexFormat.of().formatHex(this.digest.digest());
	}

}
