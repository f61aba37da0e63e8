package io.flowbatch.devtools.generate;

import java.util.List;
import java.util.UUID;

/**
 * One generated tracker item with its whole history: the flow_items row, its stage_transitions in order, and one
 * stage_metrics stay per stage it has left (none for the stage it is in, nor for {@code done}).
 */
record FlowItem(UUID id, String externalId, String teamId, String type, String title, String description,
		Integer storyPoints, Stage currentStage, String status, long createdAt, long updatedAt, Long completedAt,
		String labelsJson, String metadataJson, List<Transition> transitions, List<StageStay> stays) {

	/** Entering {@code toStage}; the first transition of an item enters the backlog from nowhere. */
	record Transition(Stage fromStage, Stage toStage, long transitionedAt, Integer durationSeconds,
			String triggeredBy, String eventType, String payloadJson) {
	}

	/** A finished stay in one stage: its active and waiting seconds add up to its length. */
	record StageStay(Stage stage, long startedAt, long endedAt, int activeSeconds, int waitSeconds,
			String blockersJson) {

		/** active / (active + wait) * 100 rounded half up to two decimals, in hundredths, in exact arithmetic. */
		long flowEfficiencyHundredths() {
			long total = (long) this.activeSeconds + this.waitSeconds;
			return (this.activeSeconds * 20_000L + total) / (2 * total);
		}

	}

}
