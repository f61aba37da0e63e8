package io.flowbatch.archive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivePlansTest {

	/** Only the partition columns matter to the stored plan. */
	private static final ArchiveDefinition DEFINITION = new ArchiveDefinition("test-archive", "events",
			List.of("source", "received_month"), "", "", null, "", null, (partition) -> Map.of(), List.of(), "");

	@BeforeAll
	static void startDatabase() {
		TestServers.startDatabase();
	}

	private final NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(
			new JdbcTemplate(TestPostgres.get().dataSource()));

	@Test
	void workersShareTheStoredPlanByPlaceWithNothingLostOrTwice() {
		long executionId = -System.nanoTime();
		List<ArchivePartition> plan = IntStream.range(0, 7).mapToObj(ArchivePlansTest::partition).toList();
		ExecutionContext planStep = new ExecutionContext();

		ArchivePlans.store(this.jdbc, DEFINITION, plan, executionId, planStep);

		assertThat(planStep.getLong(ArchivePlans.STORED_BY)).isEqualTo(executionId);
		assertThat(ArchivePlans.share(this.jdbc, DEFINITION, executionId, 0, 3))
			.containsExactly(plan.get(0), plan.get(3), plan.get(6));
		assertThat(ArchivePlans.share(this.jdbc, DEFINITION, executionId, 1, 3)).containsExactly(plan.get(1),
				plan.get(4));
		assertThat(ArchivePlans.share(this.jdbc, DEFINITION, executionId, 2, 3)).containsExactly(plan.get(2),
				plan.get(5));
		assertThat(ArchivePlans.share(this.jdbc, DEFINITION, executionId, 0, 1)).isEqualTo(plan);
	}

	@Test
	void anEmptyPlanGivesEveryWorkerNothing() {
		long executionId = -System.nanoTime();
		ExecutionContext planStep = new ExecutionContext();

		ArchivePlans.store(this.jdbc, DEFINITION, List.of(), executionId, planStep);

		assertThat(planStep.containsKey(ArchivePlans.STORED_BY)).isTrue();
		assertThat(ArchivePlans.share(this.jdbc, DEFINITION, executionId, 0, 2)).isEmpty();
	}

	private static ArchivePartition partition(int index) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("source", "source " + index + " = \"quoted\", {braced}");
		values.put("received_month", "2026-0" + (index + 1));
		return new ArchivePartition(values, 100 + index, 1000 + index, String.valueOf(index * 100 + 1),
				String.valueOf(index * 100 + 100));
	}

}
