package io.flowbatch.webhookarchive;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.flowbatch.archive.ArchiveDefinition;
import io.flowbatch.archive.ArchivePartition;
import io.flowbatch.archive.ArchiveTable;
import io.flowbatch.sql.SqlFiles;

/**
 * What webhook-archive archives: processed events (all with {@code includeUnprocessed=true}) received before the
 * cutoff, one object per source and UTC day under {@code webhook_events/source=.../received_date=.../}
 * (docs/archive.md). Events are not locked: the delete proves that none changed since its export.
 */
final class WebhookArchiveDefinition {

	static final String DATASET = "webhook_events";

	static final ArchiveDefinition DEFINITION = new ArchiveDefinition("webhook-archive", "events",
			List.of("source", "received_date"), read("plan-partitions.sql"), read("held-back.sql"),
			read("left-unprocessed.sql"), read("backlog.sql"), null, WebhookArchiveDefinition::scope,
			List.of(new ArchiveTable(DATASET, WebhookEventRecords.SCHEMA, read("export-partition.sql"),
					WebhookEventRecords::fromRow, read("delete-events.sql"), null, "payload", "delivery_id")),
			"webhook_events/source=<percent-encoded>/received_date=YYYY-MM-DD/events-FIRSTID-LASTID.parquet");

	private WebhookArchiveDefinition() {
	}

	/** One source's events of one UTC day, within the planned id range. */
	private static Map<String, Object> scope(ArchivePartition partition) {
		LocalDate day = LocalDate.parse(partition.value("received_date"));
		return Map.of("source", partition.value("source"), "day_start", Timestamp.valueOf(day.atStartOfDay()),
				"day_end", Timestamp.valueOf(day.plusDays(1).atStartOfDay()), "first_id", partition.firstId(),
				"last_id", partition.lastId());
	}

	private static String read(String file) {
		return SqlFiles.read("queries/webhook-archive/" + file);
	}

}
