package io.flowbatch.webhookreprocess;

import java.util.List;
import java.util.Map;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * In the chunk's transaction: returns each event to pending (only if it is still failed), creates its missing flow
 * item first when it needs one (unless it exists by now), and records the attempt. An event the service changed
 * meanwhile is left alone.
 */
class RepairWriter implements ItemWriter<Repair> {

	private static final Logger logger = LoggerFactory.getLogger(RepairWriter.class);

	private static final String RETURN_TO_PENDING = SqlFiles.read("queries/webhook-reprocess/return-to-pending.sql");

	private static final String INSERT_FLOW_ITEM = SqlFiles.read("queries/webhook-reprocess/insert-flow-item.sql");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NamedParameterJdbcTemplate jdbc;

	private final Attempts attempts;

	private final JobMetrics metrics;

	RepairWriter(NamedParameterJdbcTemplate jdbc, Attempts attempts, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.attempts = attempts;
		this.metrics = metrics;
	}

	@Override
	public void write(Chunk<? extends Repair> repairs) {
		for (Repair repair : repairs) {
			FailedEvent event = repair.event();
			if (this.jdbc.update(RETURN_TO_PENDING, Map.of("id", event.id())) == 0) {
				logger.info("Webhook event {} is no longer failed; left as the service changed it", event.id());
				continue;
			}
			String flowItemId = null;
			Attempts.Action action = Attempts.Action.RETURNED_TO_PENDING;
			String reason = "returned to pending for the service to retry (attempt " + (event.attempts() + 1) + ")";
			if (repair.flowItem() != null) {
				flowItemId = createFlowItem(repair);
				if (flowItemId != null) {
					action = Attempts.Action.CREATED_FLOW_ITEM;
					reason = "created flow item " + repair.flowItem().externalId() + " of team " + repair.teamId()
							+ ", " + reason;
				}
				else {
					reason = "flow item " + repair.flowItem().externalId() + " of team " + repair.teamId()
							+ " exists by now, " + reason;
				}
			}
			this.attempts.record(event, repair.errorClass(), action, reason, flowItemId);
			this.metrics.countOnCommit("flowbatch.webhook.reprocess.events", 1, "action", action.label(),
					"classification", repair.errorClass().label());
		}
	}

	private String createFlowItem(Repair repair) {
		FailedEvent event = repair.event();
		MissingFlowItem item = repair.flowItem();
		String metadata = JSON.writeValueAsString(Map.of("source", event.source(), "created_by",
				"flowbatch webhook-reprocess", "webhook_event_id", event.id(), "delivery_id", event.deliveryId()));
		List<String> created = this.jdbc.queryForList(INSERT_FLOW_ITEM,
				new MapSqlParameterSource().addValue("external_id", item.externalId())
					.addValue("team_id", repair.teamId())
					.addValue("item_type", item.itemType())
					.addValue("title", item.title())
					.addValue("received_at", java.sql.Timestamp.valueOf(event.receivedAt()))
					.addValue("metadata", metadata),
				String.class);
		return created.isEmpty() ? null : created.get(0);
	}

}
