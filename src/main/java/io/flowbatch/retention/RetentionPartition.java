package io.flowbatch.retention;

import io.flowbatch.parquet.HivePartitions;

/** One team's items completed in one UTC month, before the cutoff: one object in each of the three datasets. */
record RetentionPartition(String teamId, String completedMonth, long itemCount, String firstId, String lastId) {

	String partitionPath(String dataset) {
		return dataset + "/" + HivePartitions.segment("team_id", this.teamId) + "/"
				+ HivePartitions.segment("completed_month", this.completedMonth);
	}

	/** Deterministic: the same items always land on the same keys, and the three objects share a name. */
	String objectPath(String dataset) {
		return partitionPath(dataset) + "/items-" + this.firstId + "-" + this.lastId + ".parquet";
	}

}
