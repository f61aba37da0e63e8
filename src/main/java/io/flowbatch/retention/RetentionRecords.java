package io.flowbatch.retention;

import java.sql.ResultSet;
import java.sql.SQLException;

import io.flowbatch.parquet.AvroTypes;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The three archived datasets, each with every column of its table: UUIDs as strings, JSONB as JSON text (Parquet's JSON logical type), timestamps
 * as TIMESTAMP(MICROS, UTC), {@code flow_efficiency_percent} as DECIMAL(5,2). They join on {@code flow_item_id}.
 */
final class RetentionRecords {

	static final Schema FLOW_ITEMS = SchemaBuilder.record("flow_item")
		.namespace("io.flowbatch.archive")
		.fields()
		.requiredString("id")
		.requiredString("external_id")
		.requiredString("team_id")
		.requiredString("item_type")
		.optionalString("title")
		.optionalString("description")
		.optionalInt("story_points")
		.requiredString("current_stage")
		.requiredString("status")
		.name("created_at").type(AvroTypes.timestampMicros()).noDefault()
		.name("updated_at").type(AvroTypes.timestampMicros()).noDefault()
		.name("completed_at").type(AvroTypes.nullable(AvroTypes.timestampMicros())).withDefault(null)
		.name("labels").type(AvroTypes.nullable(AvroTypes.json())).withDefault(null)
		.name("metadata").type(AvroTypes.nullable(AvroTypes.json())).withDefault(null)
		.endRecord();

	static final Schema STAGE_TRANSITIONS = SchemaBuilder.record("stage_transition")
		.namespace("io.flowbatch.archive")
		.fields()
		.requiredLong("id")
		.requiredString("flow_item_id")
		.optionalString("from_stage")
		.requiredString("to_stage")
		.name("transitioned_at").type(AvroTypes.timestampMicros()).noDefault()
		.optionalInt("duration_seconds")
		.optionalString("triggered_by")
		.optionalString("event_type")
		.name("event_payload").type(AvroTypes.nullable(AvroTypes.json())).withDefault(null)
		.endRecord();

	static final Schema STAGE_METRICS = SchemaBuilder.record("stage_metric")
		.namespace("io.flowbatch.archive")
		.fields()
		.requiredLong("id")
		.requiredString("flow_item_id")
		.requiredString("stage")
		.name("started_at").type(AvroTypes.nullable(AvroTypes.timestampMicros())).withDefault(null)
		.name("ended_at").type(AvroTypes.nullable(AvroTypes.timestampMicros())).withDefault(null)
		.optionalInt("active_time_seconds")
		.optionalInt("wait_time_seconds")
		.name("flow_efficiency_percent")
		.type(AvroTypes.nullable(LogicalTypes.decimal(5, 2).addToSchema(Schema.create(Schema.Type.BYTES))))
		.withDefault(null)
		.name("blockers").type(AvroTypes.nullable(AvroTypes.json())).withDefault(null)
		.name("metadata").type(AvroTypes.nullable(AvroTypes.json())).withDefault(null)
		.endRecord();

	private RetentionRecords() {
	}

	static GenericRecord flowItem(ResultSet row) throws SQLException {
		GenericRecord record = new GenericData.Record(FLOW_ITEMS);
		for (String column : new String[] { "id", "external_id", "team_id", "item_type", "title", "description",
				"current_stage", "status", "labels", "metadata" }) {
			record.put(column, AvroTypes.text(row, column));
		}
		record.put("story_points", (Integer) row.getObject("story_points"));
		record.put("created_at", AvroTypes.micros(row, "created_at"));
		record.put("updated_at", AvroTypes.micros(row, "updated_at"));
		record.put("completed_at", AvroTypes.micros(row, "completed_at"));
		return record;
	}

	static GenericRecord stageTransition(ResultSet row) throws SQLException {
		GenericRecord record = new GenericData.Record(STAGE_TRANSITIONS);
		record.put("id", row.getLong("id"));
		for (String column : new String[] { "flow_item_id", "from_stage", "to_stage", "triggered_by", "event_type",
				"event_payload" }) {
			record.put(column, AvroTypes.text(row, column));
		}
		record.put("transitioned_at", AvroTypes.micros(row, "transitioned_at"));
		record.put("duration_seconds", (Integer) row.getObject("duration_seconds"));
		return record;
	}

	static GenericRecord stageMetric(ResultSet row) throws SQLException {
		GenericRecord record = new GenericData.Record(STAGE_METRICS);
		record.put("id", row.getLong("id"));
		for (String column : new String[] { "flow_item_id", "stage", "blockers", "metadata" }) {
			record.put(column, AvroTypes.text(row, column));
		}
		record.put("started_at", AvroTypes.micros(row, "started_at"));
		record.put("ended_at", AvroTypes.micros(row, "ended_at"));
		record.put("active_time_seconds", (Integer) row.getObject("active_time_seconds"));
		record.put("wait_time_seconds", (Integer) row.getObject("wait_time_seconds"));
		record.put("flow_efficiency_percent", row.getBigDecimal("flow_efficiency_percent"));
		return record;
	}

}
