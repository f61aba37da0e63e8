package io.flowbatch.archivecompact.internal;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompactionPlanTest {

	private static final LocalDate BEFORE = LocalDate.parse("2026-07-01");

	@Test
	void groupsAClosedMonthsObjectsInIdOrderUpToTheTargetSize() {
		List<CompactionPlan.ManifestObject> objects = List.of(object("p/events-30-39", "30", "39", 40),
				object("p/events-1-9", "1", "9", 40), object("p/events-10-19", "10", "19", 40),
				object("p/events-100-120", "100", "120", 40));

		List<CompactionPlan.Group> groups = CompactionPlan.groups(objects, BEFORE, 100);

		assertThat(groups).extracting((group) -> group.inputs().stream().map(CompactionPlan.ManifestObject::key).toList())
			.containsExactly(List.of("p/events-1-9", "p/events-10-19"), List.of("p/events-30-39", "p/events-100-120"));
		assertThat(groups.get(0).firstId()).isEqualTo("1");
		assertThat(groups.get(1).lastId()).as("ids compare as numbers").isEqualTo("120");
	}

	@Test
	void leavesOpenMonthsAndSingleObjectsAlone() {
		List<CompactionPlan.ManifestObject> objects = List.of(
				new CompactionPlan.ManifestObject("a", "webhook_events", "webhook_events/source=x/received_month=2026-07",
						1, 10, "1", "1"),
				new CompactionPlan.ManifestObject("b", "webhook_events", "webhook_events/source=x/received_month=2026-07",
						1, 10, "2", "2"),
				new CompactionPlan.ManifestObject("c", "flow_items", "flow_items/team_id=t/completed_month=2026-05", 1,
						500, "a", "b"),
				new CompactionPlan.ManifestObject("d", "flow_items", "flow_items/team_id=t/completed_month=2026-05", 1,
						10, "c", "d"));

		assertThat(CompactionPlan.groups(objects, BEFORE, 100)).isEmpty();
	}

	@Test
	void movesDayLayoutObjectsToTheirMonthEvenWhenAlone() {
		List<CompactionPlan.ManifestObject> objects = List.of(new CompactionPlan.ManifestObject("old",
				"webhook_events", "webhook_events/source=git%2Flab/received_date=2026-05-14", 3, 10, "5", "7"));

		List<CompactionPlan.Group> groups = CompactionPlan.groups(objects, BEFORE, 100);

		assertThat(groups).singleElement()
			.satisfies((group) -> assertThat(group.partitionPath())
				.isEqualTo("webhook_events/source=git%2Flab/received_month=2026-05"));
	}

	@Test
	void mergesDayObjectsWithTheMonthObjectsOfTheirPartition() {
		List<CompactionPlan.ManifestObject> objects = List.of(
				new CompactionPlan.ManifestObject("day", "webhook_events",
						"webhook_events/source=x/received_date=2026-06-30", 3, 10, "5", "7"),
				new CompactionPlan.ManifestObject("month", "webhook_events",
						"webhook_events/source=x/received_month=2026-06", 3, 10, "8", "9"));

		assertThat(CompactionPlan.groups(objects, BEFORE, 100)).singleElement()
			.satisfies((group) -> assertThat(group.inputs()).hasSize(2));
	}

	private static CompactionPlan.ManifestObject object(String key, String min, String max, long bytes) {
		return new CompactionPlan.ManifestObject(key, "webhook_events", "webhook_events/source=x/received_month=2026-06",
				1, bytes, min, max);
	}

}
