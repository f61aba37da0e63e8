package io.flowbatch.webhookarchive;

import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import io.flowbatch.archive.ArchiveDefinition;
import io.flowbatch.archive.ArchivePartition;
import io.flowbatch.archive.ArchiveTable;
import io.flowbatch.sql.SqlFiles;

/**
 * What webhook-archive archives: processed events (all with {@code includeUnprocessed=true}) received before the
 * cutoff, one object per source, UTC month and run under
 * {@code webhook_events/source=.../received_month=YYYY-MM/} (docs/archive.md; {@code received_date} is a column), which
 * archive-compact merges once the month is over. Events are not locked: the delete proves that none changed since its export.
 */
final class WebhookArchiveDefinition {

	static final String DATASET = "webhook_events";

	static final ArchiveDefinition DEFINITION = new ArchiveDefinition("webhook-archive", "events",
			List.of("source", "received_month"), read("plan-partitions.sql"), read("held-back.sql"),
			read("left-unprocessed.sql"), read("backlog.sql"), null, WebhookArchiveDefinition::scope,
			List.of(new ArchiveTable(DATASET, WebhookEventRecords.SCHEMA, read("export-partition.sql"),
					WebhookEventRecords::fromRow, read("delete-events.sql"), null, "payload", "delivery_id")),
			"webhook_events/source=<percent-encoded>/received_month=YYYY-MM/events-FIRSTID-LASTID.parquet");

	private WebhookArchiveDefinition() {
	}

	/** One source's events of one UTC month, within the planned id range. */
	private static Map<String, Object> scope(ArchivePartition partition) {
		YearMonth month = YearMonth.parse(partition.value("received_month"));
		return Map.of("source", partition.value("source"), "month_start",
				Timestamp.valueOf(month.atDay(1).atStartOfDay()), "month_end",
				Timestamp.valueOf(month.plusMonths(1).atDay(1).atStartOfDay()), "first_id", partition.firstId(),
				"last_id", partition.lastId());
	}

	private static String read(String file) {
		return SqlFiles.read("queries/webhook-archive/" + file);
	}

}
