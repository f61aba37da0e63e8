package io.flowbatch.devtools.generate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into one table with {@code COPY ... FROM STDIN} in text format, flushing every 64 KB so that no
 * more than that is ever held in memory. Columns are appended left to right, then {@link #endRow()}.
 */
final class CopyWriter implements AutoCloseable {

	private static final int FLUSH_AT = 1 << 16;

	private final CopyIn copy;

	private final StringBuilder buffer = new StringBuilder(FLUSH_AT + (FLUSH_AT >> 2));

	private boolean firstColumn = true;

	CopyWriter(Connection connection, String table, String... columns) throws SQLException {
		this.copy = connection.unwrap(PGConnection.class)
			.getCopyAPI()
			.copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
	}

	CopyWriter text(CharSequence value) {
		if (value == null) {
			return nullValue();
		}
		separate();
		escaped(value);
		return this;
	}

	CopyWriter uuid(UUID value) {
		separate();
		this.buffer.append(value);
		return this;
	}

	CopyWriter number(long value) {
		separate();
		this.buffer.append(value);
		return this;
	}

	CopyWriter number(Integer value) {
		return (value != null) ? number(value.longValue()) : nullValue();
	}

	/** A DECIMAL with two fraction digits, given in hundredths: 4217 is 42.17. */
	CopyWriter hundredths(long value) {
		separate();
		this.buffer.append(value / 100).append('.');
		long fraction = value % 100;
		if (fraction < 10) {
			this.buffer.append('0');
		}
		this.buffer.append(fraction);
		return this;
	}

	CopyWriter timestamp(long epochMillis) {
		separate();
		Timestamps.appendSql(this.buffer, epochMillis);
		return this;
	}

	CopyWriter timestamp(Long epochMillis) {
		return (epochMillis != null) ? timestamp(epochMillis.longValue()) : nullValue();
	}

	CopyWriter nullValue() {
		separate();
		this.buffer.append("\\N");
		return this;
	}

	void endRow() throws SQLException {
		this.buffer.append('\n');
		this.firstColumn = true;
		if (this.buffer.length() >= FLUSH_AT) {
			flush();
		}
	}

	/** Ends the COPY; returns the number of rows the server stored. */
	long finish() throws SQLException {
		flush();
		return this.copy.endCopy();
	}

	@Override
	public void close() throws SQLException {
		if (this.copy.isActive()) {
			this.copy.cancelCopy();
		}
	}

	private void flush() throws SQLException {
		byte[] bytes = this.buffer.toString().getBytes(StandardCharsets.UTF_8);
		this.copy.writeToCopy(bytes, 0, bytes.length);
		this.buffer.setLength(0);
	}

	private void separate() {
		if (this.firstColumn) {
			this.firstColumn = false;
		}
		else {
			this.buffer.append('\t');
		}
	}

	/** COPY text format: backslash, tab, newline and carriage return are escaped; runs without them are copied. */
	private void escaped(CharSequence value) {
		int runStart = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			// The four are a backslash or control characters: ordinary text passes with two comparisons.
			if (c >= ' ' && c != '\\') {
				continue;
			}
			String escape = switch (c) {
				case '\\' -> "\\\\";
				case '\t' -> "\\t";
				case '\n' -> "\\n";
				case '\r' -> "\\r";
				default -> null;
			};
			if (escape != null) {
				this.buffer.append(value, runStart, i).append(escape);
				runStart = i + 1;
			}
		}
		this.buffer.append(value, runStart, value.length());
	}

}
