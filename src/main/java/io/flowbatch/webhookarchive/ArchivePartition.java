package io.flowbatch.webhookarchive;

import java.time.LocalDate;

import io.flowbatch.parquet.HivePartitions;

/** The events of one source received on one UTC day, before the cutoff: one Parquet object. */
record ArchivePartition(String source, LocalDate receivedDate, long rowCount, long estimatedBytes, long minId,
		long maxId) {

	String partitionPath() {
		return "webhook_events/" + HivePartitions.segment("source", this.source) + "/"
				+ HivePartitions.segment("received_date", this.receivedDate.toString());
	}

	/** Deterministic: the same rows always land on the same key. */
	String objectPath() {
		return partitionPath() + "/events-" + this.minId + "-" + this.maxId + ".parquet";
	}

}
