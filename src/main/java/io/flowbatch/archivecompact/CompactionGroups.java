package io.flowbatch.archivecompact;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.flowbatch.archivecompact.internal.CompactionPlan;
import io.flowbatch.archivecompact.internal.Compactions;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * The groups the compact step works on, planned when the step (re)starts: first the groups an earlier execution left
 * planned or recorded, then new groups planned from archive_manifest ({@link CompactionPlan}), which no longer names
 * the inputs of groups already merged.
 */
class CompactionGroups implements ItemReader<CompactionGroup> {

	private final Compactions compactions;

	private final List<String> datasets;

	private final LocalDate before;

	private final long targetBytes;

	private Iterator<CompactionGroup> groups;

	CompactionGroups(Compactions compactions, List<String> datasets, LocalDate before, long targetBytes) {
		this.compactions = compactions;
		this.datasets = datasets;
		this.before = before;
		this.targetBytes = targetBytes;
	}

	@Override
	public CompactionGroup read() {
		if (this.groups == null) {
			this.groups = plan(this.compactions, this.datasets, this.before, this.targetBytes).iterator();
		}
		return this.groups.hasNext() ? this.groups.next() : null;
	}

	static List<CompactionGroup> plan(Compactions compactions, List<String> datasets, LocalDate before,
			long targetBytes) {
		List<CompactionGroup> groups = new ArrayList<>();
		for (Compactions.Row row : compactions.unfinished(datasets)) {
			groups.add(new CompactionGroup(row.id(), row.dataset(), row.partitionPath(), row.finalKey(), row.stagedKey(),
					row.inputKeys(), row.state(), row.sha256(), row.bytes(), null));
		}
		CompactionPlan.groups(compactions.manifestObjects(datasets), before, targetBytes)
			.forEach((group) -> groups.add(CompactionGroup.planned(group)));
		return groups;
	}

}
