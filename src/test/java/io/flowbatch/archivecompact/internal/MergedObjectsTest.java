package io.flowbatch.archivecompact.internal;

import io.flowbatch.parquet.AvroTypes;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MergedObjectsTest {

	private static final Schema DAY_LAYOUT = SchemaBuilder.record("webhook_event")
		.fields()
		.requiredLong("id")
		.name("payload").type(AvroTypes.json()).noDefault()
		.name("received_at").type(AvroTypes.timestampMicros()).noDefault()
		.endRecord();

	@Test
	void dayLayoutEventsGetTheReceivedDateColumnWebhookArchiveWrites() {
		Schema target = MergedObjects.targetSchema("webhook_events", DAY_LAYOUT);
		GenericRecord event = new GenericData.Record(DAY_LAYOUT);
		event.put("id", 7L);
		event.put("payload", "{}");
		// 2026-05-14T23:59:59.999999Z
		event.put("received_at", 1_778_803_199_999_999L);

		GenericRecord converted = MergedObjects.convert(event, target);

		assertThat(target.getField("received_date").schema().getLogicalType()).isEqualTo(LogicalTypes.date());
		assertThat(target.getField("payload").schema().getProp("logicalType")).isEqualTo("json");
		assertThat(converted.get("received_date")).isEqualTo((int) java.time.LocalDate.parse("2026-05-14").toEpochDay());
		assertThat(MergedObjects.convert(converted, DAY_LAYOUT)).isEqualTo(event);
	}

	@Test
	void otherDatasetsKeepTheirSchemaAndAMissingColumnIsRefused() {
		assertThat(MergedObjects.targetSchema("flow_items", DAY_LAYOUT)).isSameAs(DAY_LAYOUT);
		Schema wider = SchemaBuilder.record("x").fields().requiredLong("id").requiredString("extra").endRecord();
		GenericRecord narrow = new GenericData.Record(SchemaBuilder.record("x").fields().requiredLong("id").endRecord());
		narrow.put("id", 1L);

		assertThatExceptionOfType(CompactionVerificationException.class)
			.isThrownBy(() -> MergedObjects.convert(narrow, wider))
			.withMessageContaining("no column extra");
	}

}
