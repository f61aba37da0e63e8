package io.flowbatch.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.flowbatch.storage.MultipartObjectOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.Conversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * How flowbatch writes and reads its Parquet archives (docs/archive.md):
 * <ul>
 * <li>ZSTD compression (level 1), dictionary encoding;</li>
 * <li>32 MiB row groups and 1 MiB pages — within what Spark, Trino, Athena and DuckDB read well, and what a 256 MiB
 * heap can buffer while writing;</li>
 * <li>timestamps as TIMESTAMP(MICROS, UTC), JSON text with the JSON logical type;</li>
 * <li>bloom filters on the lookup ids, min/max statistics of text truncated to 64 bytes.</li>
 * </ul>
 */
public final class ParquetFiles {

	public static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

	public static final int PAGE_BYTES = 1024 * 1024;

	/**
	 * Ids analysts look single rows up by ({@code WHERE delivery_id = ...}): a bloom filter per row group lets DuckDB,
	 * Spark and Trino skip every row group that cannot hold the value, which min/max statistics of random ids never do.
	 */
	static final List<String> LOOKUP_COLUMNS = List.of("delivery_id", "external_id", "flow_item_id");

	/** The largest bloom filter per column and row group. */
	static final int MAX_BLOOM_FILTER_BYTES = 256 * 1024;

	/** Bloom filter sizes tried, each half the one before, from {@link #MAX_BLOOM_FILTER_BYTES} down to 512 bytes. */
	static final int BLOOM_FILTER_CANDIDATES = 10;

	/** Bytes of min/max statistics (footer and column index) kept per text value. */
	static final int STATISTICS_TRUNCATE_LENGTH = 64;

	/** Level 1: most of ZSTD's ratio on JSON text at a fraction of level 3's CPU. */
	static final int ZSTD_LEVEL = 1;

	/** Generic records, with DECIMAL columns as {@link java.math.BigDecimal}. */
	public static final GenericData MODEL = new GenericData();

	static {
		MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
	}

	// Not parquet-java's default codec factory, which needs Hadoop's codec classes (ZstdCodecFactory).
	private static final ZstdCodecFactory CODECS = new ZstdCodecFactory(ZSTD_LEVEL);

	private ParquetFiles() {
	}

	/**
	 * A writer streaming into an S3 object; closing it completes (and conditionally creates) the object.
	 * @param uniqueColumns columns whose values rarely repeat (JSON payloads, UUIDs): no dictionary, which would only
	 * cost hashing every value
	 */
	public static ParquetWriter<GenericRecord> writer(Schema schema, MultipartObjectOutputStream target,
			String... uniqueColumns) {
		return writer(schema, new StreamOutputFile(target), target.key(), ROW_GROUP_BYTES, uniqueColumns);
	}

	/** A writer with the archives' settings but the given row group size (which the layout benchmark varies). */
	public static ParquetWriter<GenericRecord> writer(Schema schema, OutputFile target, String name, long rowGroupBytes,
			String... uniqueColumns) {
		try {
			var builder = new Builder(target, schema).withConf(configuration())
				.withCompressionCodec(CompressionCodecName.ZSTD)
				.withCodecFactory(CODECS)
				.withRowGroupSize(rowGroupBytes)
				.withPageSize(PAGE_BYTES)
				.withDictionaryEncoding(true);
			for (String column : uniqueColumns) {
				builder = builder.withDictionaryEncoding(column, false);
			}
			for (String column : LOOKUP_COLUMNS) {
				if (schema.getField(column) != null) {
					builder = builder.withBloomFilterEnabled(column, true)
						.withBloomFilterCandidateNumber(column, BLOOM_FILTER_CANDIDATES);
				}
			}
			// Sized to the values a row group really holds (the smallest of the candidates, 256 KiB halved down to
			// 512 bytes, that keeps the false positive rate), not to the 1 MiB maximum, which would dwarf an archive's
			// many small objects.
			builder = builder.withAdaptiveBloomFilterEnabled(true).withMaxBloomFilterBytes(MAX_BLOOM_FILTER_BYTES);
			// Min/max of a JSON payload or a description kept whole would put kilobytes per column in every footer.
			return builder.withStatisticsTruncateLength(STATISTICS_TRUNCATE_LENGTH)
				.withColumnIndexTruncateLength(STATISTICS_TRUNCATE_LENGTH)
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open a Parquet writer for " + name, ex);
		}
	}

	/**
	 * The Parquet schema of an archive: Avro's mapping, with the {@linkplain AvroTypes#json() JSON columns} annotated
	 * JSON instead of STRING (parquet-avro has no Avro type it maps to JSON). Both are UTF-8 BINARY, so Avro's writer
	 * writes the same bytes, and Avro readers still read strings (the file's Avro schema says so).
	 */
	static MessageType parquetSchema(Schema schema) {
		MessageType avroMapping = new AvroSchemaConverter(configuration()).convert(schema);
		List<Type> fields = new ArrayList<>();
		for (Type field : avroMapping.getFields()) {
			boolean json = schema.getField(field.getName()) != null && AvroTypes.isJson(schema.getField(field.getName()));
			fields.add(json ? Types.primitive(PrimitiveTypeName.BINARY, field.getRepetition())
				.as(LogicalTypeAnnotation.jsonType())
				.named(field.getName()) : field);
		}
		return new MessageType(avroMapping.getName(), fields);
	}

	/** Reads every column of a local Parquet file. */
	public static ParquetReader<GenericRecord> reader(Path file) {
		try {
			return AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), configuration())
				.withDataModel(MODEL)
				.withCodecFactory(CODECS)
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read Parquet file " + file, ex);
		}
	}

	/** parquet-avro's writer, on {@link #parquetSchema the archive's Parquet schema}. */
	private static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {

		private final Schema schema;

		Builder(OutputFile file, Schema schema) {
			super(file);
			this.schema = schema;
		}

		@Override
		protected Builder self() {
			return this;
		}

		@Override
		protected WriteSupport<GenericRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
			return getWriteSupport((ParquetConfiguration) null);
		}

		@Override
		protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
			return new AvroWriteSupport<>(parquetSchema(this.schema), this.schema, MODEL);
		}

	}

	private static ParquetConfiguration configuration() {
		// Not Hadoop's Configuration: building one parses Hadoop's XML defaults, a quarter of the CPU per small object,
		// and needs Hadoop's libraries, which the jar does not carry.
		ParquetConfiguration configuration = new PlainParquetConfiguration();
		configuration.setBoolean("parquet.avro.write-old-list-structure", false);
		return configuration;
	}

}
