package io.flowbatch.archive;

import java.util.Map;
import java.util.stream.Collectors;

import io.flowbatch.parquet.HivePartitions;

/**
 * One partition an archive job plans: the rows of one value of each partition column (in order), which become one
 * object per dataset, named after the first and last id so that the same rows always land on the same key.
 */
public record ArchivePartition(Map<String, String> values, long rowCount, long estimatedBytes, String firstId,
		String lastId) {

	public String value(String column) {
		return this.values.get(column);
	}

	/** {@code dataset/col=value/...}, hive-style. */
	public String partitionPath(String dataset) {
		return dataset + "/" + this.values.entrySet()
			.stream()
			.map((value) -> HivePartitions.segment(value.getKey(), value.getValue()))
			.collect(Collectors.joining("/"));
	}

	public String objectPath(String dataset, String objectPrefix) {
		return partitionPath(dataset) + "/" + objectPrefix + "-" + this.firstId + "-" + this.lastId + ".parquet";
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
