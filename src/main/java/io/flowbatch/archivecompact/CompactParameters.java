package io.flowbatch.archivecompact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.flowbatch.archivecompact.internal.MergedObjects;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/** Refuses, before anything runs, a {@code dataset} that names no archived dataset. */
class CompactParameters implements JobParametersValidator {

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		try {
			datasets(parameters.getString("dataset"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobParametersException(ex.getMessage());
		}
	}

	/** {@code all}, or a comma-separated list of datasets. */
	static List<String> datasets(String parameter) {
		String value = (parameter == null) ? "all" : parameter.strip();
		if (value.equals("all")) {
			return MergedObjects.DATASETS;
		}
		List<String> datasets = new ArrayList<>();
		for (String name : value.split(",")) {
			String dataset = name.strip();
			if (!MergedObjects.DATASETS.contains(dataset)) {
				throw new IllegalArgumentException("dataset must be all or some of " + MergedObjects.DATASETS
						+ " (comma-separated), got '" + value + "'");
			}
			if (!datasets.contains(dataset)) {
				datasets.add(dataset);
			}
		}
		return datasets;
	}

	/** The archive jobs that write to the datasets: compaction runs while none of them does. */
	static List<String> archiveJobs(List<String> datasets) {
		List<String> jobs = new ArrayList<>();
		if (datasets.contains("webhook_events")) {
			jobs.add("webhook-archive");
		}
		if (datasets.stream().anyMatch(Arrays.asList("flow_items", "stage_transitions", "stage_metrics")::contains)) {
			jobs.add("flow-item-retention");
		}
		return jobs;
	}

}
