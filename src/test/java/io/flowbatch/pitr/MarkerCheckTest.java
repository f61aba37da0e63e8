package io.flowbatch.pitr;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkerCheckTest {

	private static final Instant TARGET = Instant.parse("2026-11-28T03:00:00Z");

	private static final Marker FIRST = new Marker(1, TARGET.minusSeconds(600), Map.of("teams", 3L, "flow_items", 10L));

	private static final Marker SECOND = new Marker(2, TARGET.minusSeconds(5), Map.of("teams", 4L, "flow_items", 12L));

	private static final Marker AFTER = new Marker(3, TARGET.plusSeconds(5), Map.of("teams", 4L, "flow_items", 13L));

	private static final List<Marker> PRODUCTION = List.of(FIRST, SECOND, AFTER);

	@Test
	void aCopyWithExactlyTheMarkersBeforeTheTargetPasses() {
		MarkerCheck.Result result = MarkerCheck.check(PRODUCTION, List.of(FIRST, SECOND),
				Map.of("teams", 4L, "flow_items", 12L), TARGET);

		assertThat(result.passed()).isTrue();
		assertThat(result.expected()).isEqualTo(2);
		assertThat(result.lastMarkerId()).isEqualTo(2);
		// flow_items changed between the markers around the target: only teams can be checked exactly.
		assertThat(result.tablesChecked()).isEqualTo(1);
	}

	@Test
	void aMissingMarkerBeforeTheTargetFails() {
		MarkerCheck.Result result = MarkerCheck.check(PRODUCTION, List.of(FIRST), Map.of("teams", 4L), TARGET);

		assertThat(result.problems()).containsExactly("markers written before the target are missing: 2");
	}

	@Test
	void aMarkerAfterTheTargetFails() {
		MarkerCheck.Result result = MarkerCheck.check(PRODUCTION, List.of(FIRST, SECOND, AFTER), Map.of("teams", 4L),
				TARGET);

		assertThat(result.problems()).contains("markers written after the target are present: 3");
	}

	@Test
	void aRowCountOtherThanTheMarkersSayFails() {
		MarkerCheck.Result result = MarkerCheck.check(PRODUCTION, List.of(FIRST, SECOND), Map.of("teams", 5L,
				"flow_items", 99L), TARGET);

		assertThat(result.problems()).containsExactly("teams has 5 rows, the markers around the target say 4");
	}

	@Test
	void aMarkerWrittenJustBeforeTheTargetMayBeEitherSide() {
		Marker undecided = new Marker(4, TARGET.minusMillis(200), Map.of("teams", 4L));
		List<Marker> production = List.of(FIRST, SECOND, undecided, AFTER);

		assertThat(MarkerCheck.check(production, List.of(FIRST, SECOND), Map.of("teams", 4L), TARGET).passed()).isTrue();
		assertThat(MarkerCheck.check(production, List.of(FIRST, SECOND, undecided), Map.of("teams", 4L), TARGET)
			.passed()).isTrue();
	}

}
