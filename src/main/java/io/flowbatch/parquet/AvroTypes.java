package io.flowbatch.parquet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.util.Utf8;

/** The Avro types the archives use for PostgreSQL's columns, and how a row's values become them. */
public final class AvroTypes {

	private static final String JSON = "json";

	private AvroTypes() {
	}

	/** TIMESTAMP(MICROS, isAdjustedToUTC=true) in Parquet. */
	public static Schema timestampMicros() {
		return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
	}

	/** DATE in Parquet: days since 1970-01-01. */
	public static Schema date() {
		return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
	}

	/** The UTC day of a TIMESTAMP(MICROS) value, as a {@link #date()} value. */
	public static int utcDay(long micros) {
		return Math.toIntExact(Math.floorDiv(micros, 86_400_000_000L));
	}

	/**
	 * A JSON text column: an Avro string marked {@code "logicalType": "json"} (a name Avro does not know, so Avro
	 * readers see a plain string), written by {@link ParquetFiles} as BINARY with Parquet's JSON logical type, which
	 * DuckDB reads as {@code JSON} and Spark, Trino and Hive as a string.
	 */
	public static Schema json() {
		Schema json = Schema.create(Schema.Type.STRING);
		json.addProp(LogicalType.LOGICAL_TYPE_PROP, JSON);
		return json;
	}

	/** Whether a field (nullable or not) holds JSON text ({@link #json()}). */
	static boolean isJson(Schema.Field field) {
		Schema schema = field.schema();
		if (schema.isUnion()) {
			schema = schema.getTypes().stream().filter((type) -> !type.isNullable()).findFirst().orElse(schema);
		}
		return schema.getType() == Schema.Type.STRING && JSON.equals(schema.getProp(LogicalType.LOGICAL_TYPE_PROP));
	}

	public static Schema nullable(Schema schema) {
		return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
	}

	/**
	 * A TIMESTAMP column holding UTC wall time, as microseconds since the epoch (null stays null). Read as a
	 * {@link LocalDateTime}: no {@link java.sql.Timestamp} and no time zone arithmetic per value.
	 * @throws UnarchivableValueException for {@code infinity}, {@code -infinity} (which the driver reads as
	 * {@link LocalDateTime#MAX} and {@link LocalDateTime#MIN}) and for values beyond what 64-bit microseconds hold:
	 * such a value would be archived as garbage, so the archive jobs leave its row in PostgreSQL
	 */
	public static Long micros(ResultSet row, String column) throws SQLException {
		LocalDateTime value = row.getObject(column, LocalDateTime.class);
		return (value != null) ? micros(value, column) : null;
	}

	static long micros(LocalDateTime value, String column) {
		if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
			throw new UnarchivableValueException(column, value.equals(LocalDateTime.MAX) ? "infinity" : "-infinity");
		}
		try {
			return Math.addExact(Math.multiplyExact(value.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
					value.getNano() / 1_000);
		}
		catch (ArithmeticException ex) {
			throw new UnarchivableValueException(column, value.toString());
		}
	}

	/**
	 * A text column as Avro's UTF-8 string, made of the bytes PostgreSQL sent (the connection's encoding is
	 * always UTF-8): the text is never decoded into a {@link String} only to be encoded again for Parquet and the
	 * checksum (null stays null).
	 */
	public static Utf8 text(ResultSet row, String column) throws SQLException {
		byte[] bytes = row.getBytes(column);
		return (bytes != null) ? new Utf8(bytes) : null;
	}

}
