package io.flowbatch.parquet;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** The Avro types the archives use for PostgreSQL's columns. */
public final class AvroTypes {

	private AvroTypes() {
	}

	/** TIMESTAMP(MICROS, isAdjustedToUTC=true) in Parquet. */
	public static Schema timestampMicros() {
		return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
	}

	public static Schema nullable(Schema schema) {
		return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
	}

	/** A TIMESTAMP column holding UTC wall time, as microseconds since the epoch (null stays null). */
	public static Long micros(Timestamp timestamp) {
		return (timestamp != null)
				? ChronoUnit.MICROS.between(Instant.EPOCH, timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC)) : null;
	}

}
