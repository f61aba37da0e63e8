package io.flowbatch.dataquality;

import java.util.List;
import java.util.stream.Collectors;

import io.flowbatch.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code report} step: pushes each rule's count and its growth since the previous instance
 * ({@code flowbatch_data_quality_findings{rule}}, {@code flowbatch_data_quality_findings_growth{rule}}) and puts the
 * counts in the step's exit description. Findings do not fail the run: data-quality reports, it repairs nothing, and
 * the alert is on growth.
 */
class DataQualityReport implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(DataQualityReport.class);

	private final DataQualityFindings findings;

	private final JobMetrics metrics;

	DataQualityReport(DataQualityFindings findings, JobMetrics metrics) {
		this.findings = findings;
		this.metrics = metrics;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		long instanceId = context.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		List<DataQualityFindings.RuleCount> counts = this.findings.ofInstance(instanceId);
		for (DataQualityFindings.RuleCount count : counts) {
			this.metrics.set("flowbatch.data.quality.findings", count.findings(), "rule", count.rule());
			this.metrics.set("flowbatch.data.quality.findings.growth", count.growth(), "rule", count.rule());
		}
		String summary = counts.stream()
			.map((count) -> count.rule() + " " + count.findings())
			.collect(Collectors.joining(", ", "findings: ", ""));
		logger.info(summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
