package io.flowbatch.parquet;

/**
 * A value the archive's Parquet types cannot hold exactly. The archive jobs' queries leave such rows in PostgreSQL;
 * meeting one while writing means a query let it through, and the partition fails rather than archive garbage.
 */
public class UnarchivableValueException extends IllegalStateException {

	public UnarchivableValueException(String column, String value) {
		super("column " + column + " holds " + value + ", which Parquet's TIMESTAMP(MICROS) cannot hold exactly;"
				+ " nothing of the partition was deleted");
	}

}
