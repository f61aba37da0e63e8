package io.flowbatch.archivecompact;

import java.util.List;

import io.flowbatch.archivecompact.internal.CompactionPlan;

/**
 * A group the compact step works on: newly planned ({@code id} null, {@code inputs} from the plan), or one an earlier
 * execution left unfinished ({@code state} planned or recorded, with the keys it recorded).
 */
record CompactionGroup(Long id, String dataset, String partitionPath, String finalKey, String stagedKey,
		List<String> inputKeys, String state, String sha256, Long bytes, CompactionPlan.Group planned) {

	static CompactionGroup planned(CompactionPlan.Group group) {
		return new CompactionGroup(null, group.dataset(), group.partitionPath(), null, null,
				group.inputs().stream().map(CompactionPlan.ManifestObject::key).toList(), "new", null, null, group);
	}

	@Override
	public String toString() {
		return this.partitionPath + " (" + this.inputKeys.size() + " objects)";
	}

}
