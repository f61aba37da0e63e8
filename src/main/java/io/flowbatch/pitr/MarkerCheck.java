package io.flowbatch.pitr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a copy restored to a target time holds what production held then. A marker is committed a moment after
 * it is written, so one written within {@link #UNDECIDED} before the target may or may not be in the copy; every
 * older one must be, and none written after the target may. A table's row count must equal the markers' when it was
 * the same in the newest marker of the copy and in the first marker after the target (nothing changed it between).
 */
final class MarkerCheck {

	static final Duration UNDECIDED = Duration.ofSeconds(1);

	private MarkerCheck() {
	}

	/**
	 * @param production the markers in production, any order
	 * @param restored the markers in the restored copy
	 * @param restoredCounts the copy's row counts
	 * @param target the recovery target time
	 */
	static Result check(List<Marker> production, List<Marker> restored, Map<String, Long> restoredCounts,
			Instant target) {
		List<String> problems = new ArrayList<>();
		Set<Long> restoredIds = restored.stream().map(Marker::id).collect(Collectors.toSet());
		List<Marker> expected = production.stream()
			.filter((marker) -> !marker.writtenAt().isAfter(target.minus(UNDECIDED)))
			.toList();
		List<Long> missing = expected.stream().map(Marker::id).filter((id) -> !restoredIds.contains(id)).toList();
		if (!missing.isEmpty()) {
			problems.add("markers written before the target are missing: " + ids(missing));
		}
		List<Long> afterTarget = restored.stream()
			.filter((marker) -> marker.writtenAt().isAfter(target))
			.map(Marker::id)
			.toList();
		if (!afterTarget.isEmpty()) {
			problems.add("markers written after the target are present: " + ids(afterTarget));
		}
		Optional<Marker> newestRestored = restored.stream().reduce((a, b) -> (a.id() > b.id()) ? a : b);
		Optional<Marker> firstAfter = production.stream()
			.filter((marker) -> marker.writtenAt().isAfter(target))
			.reduce((a, b) -> (a.id() < b.id()) ? a : b);
		int tablesChecked = 0;
		if (newestRestored.isPresent() && firstAfter.isPresent()) {
			for (Map.Entry<String, Long> before : newestRestored.get().rowCounts().entrySet()) {
				Long after = firstAfter.get().rowCounts().get(before.getKey());
				if (!before.getValue().equals(after)) {
					continue;
				}
				tablesChecked++;
				Long actual = restoredCounts.get(before.getKey());
				if (!before.getValue().equals(actual)) {
					problems.add(before.getKey() + " has " + actual + " rows, the markers around the target say "
							+ before.getValue());
				}
			}
		}
		return new Result(expected.size(), restored.size(), newestRestored.map(Marker::id).orElse(null),
				tablesChecked, List.copyOf(problems));
	}

	private static String ids(List<Long> ids) {
		return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
	}

	/**
	 * @param expected markers that had to be in the copy
	 * @param found markers in the copy
	 * @param lastMarkerId the newest marker in the copy
	 * @param tablesChecked tables whose row count was checked against the markers
	 */
	record Result(int expected, int found, Long lastMarkerId, int tablesChecked, List<String> problems) {

		boolean passed() {
			return this.problems.isEmpty();
		}

	}

}
