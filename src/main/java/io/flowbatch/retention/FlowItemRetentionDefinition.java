package io.flowbatch.retention;

import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import io.flowbatch.archive.ArchiveDefinition;
import io.flowbatch.archive.ArchivePartition;
import io.flowbatch.archive.ArchiveTable;
import io.flowbatch.sql.SqlFiles;

/**
 * What flow-item-retention archives: flow items completed before the cutoff with their stage transitions and stage
 * metrics, as three hive-partitioned datasets ({@code team_id=.../completed_month=YYYY-MM/}) that join on
 * {@code flow_item_id}. The items are locked for the partition's transaction (no child can be added to them); their
 * children are not, so the delete proves that none changed since its export.
 */
final class FlowItemRetentionDefinition {

	static final ArchiveDefinition DEFINITION = new ArchiveDefinition("flow-item-retention", "items",
			List.of("team_id", "completed_month"), read("plan-partitions.sql"), read("held-back.sql"), null,
			read("backlog.sql"), read("lock-items.sql"), FlowItemRetentionDefinition::scope,
			List.of(new ArchiveTable("flow_items", RetentionRecords.FLOW_ITEMS, read("export-items.sql"),
					RetentionRecords::flowItem, read("delete-items.sql"), null, "id", "external_id", "description",
					"metadata"),
					new ArchiveTable("stage_transitions", RetentionRecords.STAGE_TRANSITIONS,
							read("export-transitions.sql"), RetentionRecords::stageTransition,
							read("delete-transitions.sql"), "flow_item_id", "event_payload"),
					new ArchiveTable("stage_metrics", RetentionRecords.STAGE_METRICS, read("export-metrics.sql"),
							RetentionRecords::stageMetric, read("delete-metrics.sql"), "flow_item_id", "metadata")),
			"{flow_items,stage_transitions,stage_metrics}/team_id=<percent-encoded>/completed_month=YYYY-MM/"
					+ "items-FIRSTID-LASTID.parquet");

	private FlowItemRetentionDefinition() {
	}

	/** One team's items completed in one UTC month. */
	private static Map<String, Object> scope(ArchivePartition partition) {
		YearMonth month = YearMonth.parse(partition.value("completed_month"));
		return Map.of("team_id", partition.value("team_id"), "month_start",
				Timestamp.valueOf(month.atDay(1).atStartOfDay()), "month_end",
				Timestamp.valueOf(month.plusMonths(1).atDay(1).atStartOfDay()));
	}

	private static String read(String file) {
		return SqlFiles.read("queries/flow-item-retention/" + file);
	}

}
