package io.flowbatch.archive;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.jspecify.annotations.Nullable;

/**
 * One table an archive job moves, and its dataset: each partition becomes one object of it.
 * @param dataset the dataset's name, the first segment of its keys
 * @param schema every column of the table, as archived
 * @param exportSql the partition's rows in id order, each with its {@code row_version} (xmin); named parameters:
 * the partition's scope, {@code :cutoff}, {@code :include_unprocessed}, and {@code :locked_ids} when the job locks
 * @param mapper a row of {@code exportSql} as its archived record
 * @param deleteSql deletes the verified rows ({@code :ids}: this table's verified ids; {@code :parent_ids}: the
 * first table's) and returns each deleted row's id and version as two columns
 * @param parentIdField for a child table, the field holding its parent's id (the first table's id); null otherwise
 * @param uniqueColumns columns whose values rarely repeat (no dictionary encoding)
 */
public record ArchiveTable(String dataset, Schema schema, String exportSql, RecordMapper mapper, String deleteSql,
		@Nullable String parentIdField, String... uniqueColumns) {

	/** A row of the export query as its archived record. */
	@FunctionalInterface
	public interface RecordMapper {

		GenericRecord map(ResultSet row) throws SQLException;

	}

}
