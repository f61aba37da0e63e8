package io.flowbatch.webhookarchive;

import java.sql.ResultSet;
import java.sql.SQLException;

import io.flowbatch.parquet.AvroTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Parquet schema of archived webhook events: every column of {@code webhook_events}, ids as INT64, timestamps as
 * TIMESTAMP(MICROS, UTC), the JSONB payload as its JSON text (Parquet's JSON logical type), and the UTC day of
 * {@code received_at} as {@code received_date} (DATE): the partitions are months, and the day stays a column.
 */
final class WebhookEventRecords {

	static final Schema SCHEMA = schema();

	private WebhookEventRecords() {
	}

	private static Schema schema() {
		Schema timestamp = AvroTypes.timestampMicros();
		return SchemaBuilder.record("webhook_event")
			.namespace("io.flowbatch.archive")
			.fields()
			.requiredLong("id")
			.requiredString("source")
			.requiredString("event_type")
			.requiredString("delivery_id")
			.name("payload").type(AvroTypes.json()).noDefault()
			.requiredString("processing_status")
			.optionalString("error_message")
			.name("received_at").type(timestamp).noDefault()
			.name("processed_at").type(AvroTypes.nullable(timestamp)).withDefault(null)
			.name("received_date").type(AvroTypes.date()).noDefault()
			.endRecord();
	}

	static GenericRecord fromRow(ResultSet row) throws SQLException {
		GenericRecord record = new GenericData.Record(SCHEMA);
		record.put("id", row.getLong("id"));
		record.put("source", AvroTypes.text(row, "source"));
		record.put("event_type", AvroTypes.text(row, "event_type"));
		record.put("delivery_id", AvroTypes.text(row, "delivery_id"));
		record.put("payload", AvroTypes.text(row, "payload"));
		record.put("processing_status", AvroTypes.text(row, "processing_status"));
		record.put("error_message", AvroTypes.text(row, "error_message"));
		record.put("received_at", AvroTypes.micros(row, "received_at"));
		record.put("processed_at", AvroTypes.micros(row, "processed_at"));
		record.put("received_date", AvroTypes.utcDay((Long) record.get("received_at")));
		return record;
	}

}
