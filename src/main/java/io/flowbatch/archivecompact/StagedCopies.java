package io.flowbatch.archivecompact;

import java.util.List;
import java.util.Map;

import io.flowbatch.archive.UploadAttempts;
import io.flowbatch.archivecompact.internal.Compactions;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code remove-staged} step: deletes the staged copies of groups an earlier job instance promoted. They were
 * kept until now so that a reader that read the manifest just before the promotion still finds every object it was
 * told about. Only keys this database attempted and archive_manifest does not name are deleted.
 */
class StagedCopies implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(StagedCopies.class);

	private final Compactions compactions;

	private final UploadAttempts attempts;

	private final ObjectStore objectStore;

	StagedCopies(Compactions compactions, UploadAttempts attempts, ObjectStore objectStore) {
		this.compactions = compactions;
		this.attempts = attempts;
		this.objectStore = objectStore;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long instanceId = context.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		List<Map.Entry<Long, String>> staged = this.compactions.stagedToRemove(instanceId);
		Map<String, UploadAttempts.Ownership> owners = this.attempts
			.ownership(staged.stream().map(Map.Entry::getValue).toList());
		for (Map.Entry<Long, String> copy : staged) {
			if (owners.get(copy.getValue()) == UploadAttempts.Ownership.UNRECORDED_ATTEMPT) {
				this.objectStore.delete(copy.getValue());
				this.compactions.done(copy.getKey());
			}
			else {
				logger.warn("Staged copy {} is {}; left as it is", copy.getValue(), owners.get(copy.getValue()));
			}
		}
		logger.info("Removed {} staged copies promoted by earlier runs", staged.size());
		return RepeatStatus.FINISHED;
	}

}
