package io.flowbatch.parquet;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParquetFilesTest {

	private static final Schema SCHEMA = SchemaBuilder.record("r")
		.fields()
		.requiredLong("id")
		.requiredString("name")
		.name("payload").type(AvroTypes.json()).noDefault()
		.name("labels").type(AvroTypes.nullable(AvroTypes.json())).withDefault(null)
		.optionalString("note")
		.endRecord();

	@Test
	void jsonColumnsAreAnnotatedJsonAndKeepTheirRepetitionOtherColumnsKeepAvrosMapping() {
		MessageType parquet = ParquetFiles.parquetSchema(SCHEMA);

		assertThat(parquet.getType("payload").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
		assertThat(parquet.getType("payload").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.jsonType());
		assertThat(parquet.getType("payload").getRepetition()).isEqualTo(Repetition.REQUIRED);
		assertThat(parquet.getType("labels").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.jsonType());
		assertThat(parquet.getType("labels").getRepetition()).isEqualTo(Repetition.OPTIONAL);
		assertThat(parquet.getType("name").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
		assertThat(parquet.getType("note").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
		assertThat(parquet.getType("id").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
	}

	@Test
	void avroStillSeesJsonColumnsAsStrings() {
		Schema reparsed = new Schema.Parser().parse(SCHEMA.toString());

		assertThat(reparsed.getField("payload").schema().getType()).isEqualTo(Schema.Type.STRING);
		assertThat(reparsed.getField("payload").schema().getLogicalType()).isNull();
		assertThat(AvroTypes.isJson(reparsed.getField("payload"))).isTrue();
		assertThat(AvroTypes.isJson(reparsed.getField("labels"))).isTrue();
		assertThat(AvroTypes.isJson(reparsed.getField("name"))).isFalse();
		assertThat(AvroTypes.isJson(reparsed.getField("note"))).isFalse();
	}

}
