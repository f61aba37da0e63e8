package io.flowbatch.archivecompact.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which objects archive-compact merges: per dataset and month partition whose month ended before the cutoff, the
 * objects in id order, cut into groups of at most the target size; a group is merged when it has two objects or
 * more, or when it holds an object of webhook_events' former day layout ({@code received_date=YYYY-MM-DD}), which
 * is rewritten into its month partition ({@code received_month=YYYY-MM}) even when alone.
 */
public final class CompactionPlan {

	private static final Pattern MONTH = Pattern.compile("_month=(\\d{4}-\\d{2})$");

	private static final Pattern LEGACY_DAY = Pattern.compile("/received_date=(\\d{4}-\\d{2})-\\d{2}$");

	/** Ids compare as numbers when both are (webhook event ids), as text otherwise (UUIDs). */
	public static final Comparator<String> ID_ORDER = (a, b) -> {
		if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
			return Long.compare(Long.parseLong(a), Long.parseLong(b));
		}
		return a.compareTo(b);
	};

	private CompactionPlan() {
	}

	/** An object archive_manifest names. {@code partitionPath} starts with the dataset. */
	public record ManifestObject(String key, String dataset, String partitionPath, long rows, long bytes,
			String minId, String maxId) {

		boolean legacyDay() {
			return LEGACY_DAY.matcher(this.partitionPath).find();
		}

	}

	/** Objects to merge into one, in id order, and the partition the merged object goes to. */
	public record Group(String dataset, String partitionPath, List<ManifestObject> inputs) {

		public String firstId() {
			return this.inputs.stream().map(ManifestObject::minId).min(ID_ORDER).orElseThrow();
		}

		public String lastId() {
			return this.inputs.stream().map(ManifestObject::maxId).max(ID_ORDER).orElseThrow();
		}

		public long bytes() {
			return this.inputs.stream().mapToLong(ManifestObject::bytes).sum();
		}

		public long rows() {
			return this.inputs.stream().mapToLong(ManifestObject::rows).sum();
		}

	}

	/**
	 * @param before months that ended on or before this day (00:00 UTC) are compacted
	 * @param targetBytes the largest a group's inputs may add up to (a single larger object is left as it is)
	 */
	public static List<Group> groups(List<ManifestObject> objects, LocalDate before, long targetBytes) {
		Map<String, List<ManifestObject>> byPartition = new LinkedHashMap<>();
		for (ManifestObject object : objects) {
			String partition = targetPartition(object.partitionPath());
			YearMonth month = month(partition);
			if (month != null && !month.plusMonths(1).atDay(1).isAfter(before)) {
				byPartition.computeIfAbsent(object.dataset() + "\n" + partition, (key) -> new ArrayList<>()).add(object);
			}
		}
		List<Group> groups = new ArrayList<>();
		byPartition.forEach((datasetAndPartition, members) -> {
			String dataset = datasetAndPartition.substring(0, datasetAndPartition.indexOf('\n'));
			String partition = datasetAndPartition.substring(datasetAndPartition.indexOf('\n') + 1);
			members.sort(Comparator.comparing(ManifestObject::minId, ID_ORDER).thenComparing(ManifestObject::key));
			List<ManifestObject> group = new ArrayList<>();
			long bytes = 0;
			for (ManifestObject object : members) {
				if (!group.isEmpty() && bytes + object.bytes() > targetBytes) {
					add(groups, dataset, partition, group);
					group = new ArrayList<>();
					bytes = 0;
				}
				group.add(object);
				bytes += object.bytes();
			}
			add(groups, dataset, partition, group);
		});
		return groups;
	}

	private static void add(List<Group> groups, String dataset, String partition, List<ManifestObject> group) {
		if (group.size() >= 2 || group.stream().anyMatch(ManifestObject::legacyDay)) {
			groups.add(new Group(dataset, partition, List.copyOf(group)));
		}
	}

	/** The month partition an object belongs in: its own, or for the former day layout, its day's month. */
	public static String targetPartition(String partitionPath) {
		Matcher day = LEGACY_DAY.matcher(partitionPath);
		return day.find() ? partitionPath.substring(0, day.start()) + "/received_month=" + day.group(1) : partitionPath;
	}

	private static YearMonth month(String partitionPath) {
		Matcher month = MONTH.matcher(partitionPath);
		return month.find() ? YearMonth.parse(month.group(1)) : null;
	}

}
