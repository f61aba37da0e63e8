package io.flowbatch.archivecompact;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.flowbatch.archive.CurrentManifests;
import io.flowbatch.archive.UploadAttempts;
import io.flowbatch.archivecompact.internal.CompactionPlan;
import io.flowbatch.archivecompact.internal.CompactionVerificationException;
import io.flowbatch.archivecompact.internal.Compactions;
import io.flowbatch.archivecompact.internal.MergedObjects;
import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Merges one group per chunk (docs/archive.md, "archive-compact"), each state change committed before the next S3
 * call, so that a restart continues from the state row:
 * <ol>
 * <li>{@code planned}: the staged and final keys are recorded in {@code archive_upload_attempts} and the group in
 * {@code archive_compactions}; the inputs are streamed into the staged object {@code DATASET/_staging/PARTITION/...}
 * and it is verified against them ({@link MergedObjects}); a restart deletes a staged object left by a killed attempt
 * and writes it again;</li>
 * <li>{@code recorded}: one transaction puts the staged object in {@code archive_manifest} in place of the inputs;</li>
 * <li>the current manifest is published, the inputs are deleted (one DeleteObjects request), the staged object is
 * copied to the final key and the copy verified (size, SHA-256);</li>
 * <li>{@code promoted}: one transaction moves the manifest row to the final key; the current manifest is published.</li>
 * </ol>
 * Only objects this database wrote are deleted: the inputs were archive_manifest's, and any object at a key it writes
 * must be an attempt of this database that the manifest does not name.
 */
class GroupCompactor implements ItemWriter<CompactionGroup> {

	private static final Logger logger = LoggerFactory.getLogger(GroupCompactor.class);

	private final ObjectStore objectStore;

	private final UploadAttempts attempts;

	private final Compactions compactions;

	private final MergedObjects mergedObjects;

	private final CurrentManifests currentManifests;

	private final JobMetrics metrics;

	private final long executionId;

	private final long instanceId;

	GroupCompactor(ObjectStore objectStore, UploadAttempts attempts, Compactions compactions,
			CurrentManifests currentManifests, JobMetrics metrics, long executionId, long instanceId) {
		this.objectStore = objectStore;
		this.attempts = attempts;
		this.compactions = compactions;
		this.mergedObjects = new MergedObjects(objectStore);
		this.currentManifests = currentManifests;
		this.metrics = metrics;
		this.executionId = executionId;
		this.instanceId = instanceId;
	}

	@Override
	public void write(Chunk<? extends CompactionGroup> groups) {
		for (CompactionGroup group : groups) {
			compact(group);
		}
	}

	private void compact(CompactionGroup group) {
		long started = System.nanoTime();
		Compactions.Row row = (group.id() == null) ? plan(group.planned())
				: new Compactions.Row(group.id(), group.dataset(), group.partitionPath(), group.finalKey(),
						group.stagedKey(), group.inputKeys(), group.state(), group.sha256(), group.bytes());
		List<MergedObjects.Input> inputs = null;
		if (row.state().equals("planned")) {
			inputs = this.compactions.inputs(row.inputKeys());
			removeOwn(row.stagedKey(), "a killed attempt left it");
			MergedObjects.Merged merged = this.mergedObjects.writeVerified(row.dataset(), row.stagedKey(), inputs);
			this.compactions.record(row, merged,
					inputs.stream().map(MergedObjects.Input::minId).min(CompactionPlan.ID_ORDER).orElseThrow(),
					inputs.stream().map(MergedObjects.Input::maxId).max(CompactionPlan.ID_ORDER).orElseThrow(),
					this.executionId);
			row = new Compactions.Row(row.id(), row.dataset(), row.partitionPath(), row.finalKey(), row.stagedKey(),
					row.inputKeys(), "recorded", merged.sha256(), merged.bytes());
			this.metrics.countOnCommit("flowbatch.compact.input.objects", row.inputKeys().size(), "dataset", row.dataset());
			this.metrics.countOnCommit("flowbatch.compact.rows", merged.rows(), "dataset", row.dataset());
		}
		this.currentManifests.publish(row.dataset());
		deleteInputs(row);
		promote(row);
		this.compactions.promote(row);
		this.currentManifests.publish(row.dataset());
		this.metrics.countOnCommit("flowbatch.compact.objects", 1, "dataset", row.dataset());
		logger.info("Compacted {} objects into {} ({} bytes; ms: {})", row.inputKeys().size(), row.finalKey(),
				row.bytes(), (System.nanoTime() - started) / 1_000_000);
	}

	/** Records the group and its keys before anything is written. */
	private Compactions.Row plan(CompactionPlan.Group group) {
		long number = this.compactions.nextNumber();
		String name = "compacted-" + group.firstId() + "-" + group.lastId() + "-" + number + ".parquet";
		String partition = group.partitionPath();
		String finalKey = this.objectStore.properties().key(partition + "/" + name);
		String stagedKey = this.objectStore.properties()
			.key(group.dataset() + "/_staging" + partition.substring(group.dataset().length()) + "/" + name);
		this.attempts.record(stagedKey, group.dataset(), this.executionId);
		this.attempts.record(finalKey, group.dataset(), this.executionId);
		List<String> inputKeys = group.inputs().stream().map(CompactionPlan.ManifestObject::key).toList();
		this.compactions.insertPlanned(number, group.dataset(), partition, finalKey, stagedKey, inputKeys,
				this.executionId, this.instanceId);
		logger.info("Merging {} objects of {} ({} rows, {} bytes) into {}", inputKeys.size(), partition, group.rows(),
				group.bytes(), finalKey);
		return new Compactions.Row(number, group.dataset(), partition, finalKey, stagedKey, inputKeys, "planned", null,
				null);
	}

	/** The inputs are no longer in the manifest; each must be an object this database wrote. */
	private void deleteInputs(Compactions.Row row) {
		Map<String, UploadAttempts.Ownership> owners = this.attempts.ownership(row.inputKeys());
		List<String> foreign = row.inputKeys()
			.stream()
			.filter((key) -> owners.get(key) != UploadAttempts.Ownership.UNRECORDED_ATTEMPT)
			.toList();
		if (!foreign.isEmpty()) {
			throw new CompactionVerificationException("inputs " + foreign + " are recorded in archive_manifest again or"
					+ " were not written by this database; they are left as they are");
		}
		this.objectStore.deleteAll(row.inputKeys());
	}

	/** Copies the verified staged object to the final key, unless an earlier attempt did, and verifies the copy. */
	private void promote(Compactions.Row row) {
		OptionalLong existing = this.objectStore.size(row.finalKey());
		if (existing.isPresent() && matches(row.finalKey(), row)) {
			return;
		}
		if (existing.isPresent()) {
			removeOwn(row.finalKey(), "an earlier attempt left it and it is not the verified object");
		}
		if (!matches(row.stagedKey(), row)) {
			throw new CompactionVerificationException("staged object " + row.stagedKey() + " is not the object"
					+ " verified (sha256 " + row.sha256() + "); archive_manifest names it: run archive-verify");
		}
		this.objectStore.copy(row.stagedKey(), row.finalKey());
		if (!matches(row.finalKey(), row)) {
			throw new CompactionVerificationException("the copy " + row.finalKey() + " of " + row.stagedKey()
					+ " is not the object verified; archive_manifest still names the staged object");
		}
	}

	private boolean matches(String key, Compactions.Row row) {
		return this.objectStore.digest(key)
			.map((digest) -> digest.size() == row.bytes() && digest.sha256().equals(row.sha256()))
			.orElse(false);
	}

	/** Deletes an object at a key this database attempted and the manifest does not name; refuses any other. */
	private void removeOwn(String key, String why) {
		if (this.objectStore.size(key).isEmpty()) {
			return;
		}
		UploadAttempts.Ownership owner = this.attempts.ownership(List.of(key)).get(key);
		if (owner != UploadAttempts.Ownership.UNRECORDED_ATTEMPT) {
			throw new CompactionVerificationException("s3 object " + key + " is " + owner + "; it is left as it is:"
					+ " inspect it, move it away, then restart");
		}
		logger.info("Removing s3 object {}: {}", key, why);
		this.objectStore.delete(key);
	}

}
