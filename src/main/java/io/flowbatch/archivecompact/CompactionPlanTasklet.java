package io.flowbatch.archivecompact;

import java.util.List;

import io.flowbatch.archivecompact.internal.Compactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code plan} step: logs each group (partition, objects, rows, bytes) and sums them up in the exit description;
 * a dry run ends here ({@code DRY_RUN}), nothing written or deleted. A run refused by its parameters never gets here.
 */
class CompactionPlanTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(CompactionPlanTasklet.class);

	private final Compactions compactions;

	private final long targetBytes;

	CompactionPlanTasklet(Compactions compactions, long targetBytes) {
		this.compactions = compactions;
		this.targetBytes = targetBytes;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		var parameters = context.getStepContext().getStepExecution().getJobParameters();
		var dryRunParameter = parameters.getParameter("dryRun");
		boolean dryRun = dryRunParameter != null && Boolean.parseBoolean(String.valueOf(dryRunParameter.value()));
		List<String> datasets = CompactParameters.datasets(parameters.getString("dataset"));
		List<CompactionGroup> groups = CompactionGroups.plan(this.compactions, datasets,
				parameters.getLocalDate("before"), this.targetBytes);
		long objects = 0;
		for (CompactionGroup group : groups) {
			objects += group.inputKeys().size();
			logger.info("{} {}{}", dryRun ? "Would merge" : "Will merge", group,
					(group.planned() != null) ? ": " + group.planned().rows() + " rows, " + group.planned().bytes()
							+ " bytes" : ": unfinished (" + group.state() + "), resumed first");
		}
		String summary = groups.size() + " groups of " + objects + " objects to merge in " + datasets
				+ " (months ended before " + parameters.getLocalDate("before") + ", target " + this.targetBytes
				+ " bytes)";
		logger.info("Plan: {}", summary);
		contribution.setExitStatus(dryRun ? new ExitStatus("DRY_RUN", "dry run, nothing written or deleted: " + summary)
				: ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
