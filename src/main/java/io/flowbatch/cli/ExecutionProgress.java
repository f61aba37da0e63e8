package io.flowbatch.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flowbatch.execution.Progress;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The progress line of a running execution: what its steps planned and have done (partitions, rows, bytes; from
 * {@link Progress} in the step execution contexts, summed over the job instance so that a restart counts what earlier
 * executions did), the rate since the follower first looked, and an ETA. Jobs that publish no {@link Progress} get
 * the running step's counts. Stateful: one per followed execution.
 */
final class ExecutionProgress {

	private long firstNanos = -1;

	private long firstRows;

	/**
	 * @param instanceExecutions every execution of the job instance, with their steps and step contexts
	 * @param current the followed execution, from the same read
	 * @param nowNanos {@link System#nanoTime()}
	 */
	String line(List<JobExecution> instanceExecutions, JobExecution current, long nowNanos) {
		Collection<StepExecution> latestSteps = instanceExecutions.stream()
			.flatMap((execution) -> execution.getStepExecutions().stream())
			.collect(Collectors.toMap(StepExecution::getStepName, Function.identity(),
					(a, b) -> (a.getId() > b.getId()) ? a : b))
			.values();
		Progress planned = latestSteps.stream()
			.map((step) -> Progress.planned(step.getExecutionContext()))
			.reduce(Progress.NONE, Progress::plus);
		Progress done = latestSteps.stream()
			.map((step) -> Progress.done(step.getExecutionContext()))
			.reduce(Progress.NONE, Progress::plus);
		String job = current.getJobInstance().getJobName() + " execution " + current.getId();
		if (planned.isNone() && done.isNone()) {
			return job + ": " + runningStep(current);
		}
		if (this.firstNanos < 0) {
			this.firstNanos = nowNanos;
			this.firstRows = done.rows();
		}
		StringBuilder line = new StringBuilder(job).append(": ")
			.append(done.partitions())
			.append('/')
			.append(planned.partitions())
			.append(" partitions, ")
			.append(String.format("%,d", done.rows()))
			.append('/')
			.append(String.format("%,d", planned.rows()))
			.append(" rows");
		if (planned.rows() > 0) {
			line.append(String.format(" (%.0f%%)", 100.0 * Math.min(done.rows(), planned.rows()) / planned.rows()));
		}
		line.append(", ").append(megabytes(done.bytes())).append(" written");
		double seconds = (nowNanos - this.firstNanos) / 1e9;
		long rowsSinceFirst = done.rows() - this.firstRows;
		if (seconds >= 1 && rowsSinceFirst > 0) {
			double rate = rowsSinceFirst / seconds;
			line.append(String.format(", %,.0f rows/s", rate));
			long remaining = Math.max(0, planned.rows() - done.rows());
			line.append(", ETA ").append(duration(Duration.ofSeconds(Math.round(remaining / rate))));
		}
		return line.toString();
	}

	private static String runningStep(JobExecution execution) {
		Map<String, StepExecution> running = execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus().isRunning())
			.collect(Collectors.toMap(StepExecution::getStepName, Function.identity(), (a, b) -> a));
		return running.values()
			.stream()
			.min(Comparator.comparing(StepExecution::getId))
			.map((step) -> "step " + step.getStepName() + ": read " + step.getReadCount() + ", written "
					+ step.getWriteCount() + ", skipped " + step.getSkipCount() + ", commits "
					+ step.getCommitCount())
			.orElse(String.valueOf(execution.getStatus()));
	}

	private static String megabytes(long bytes) {
		return String.format("%.1f MB", bytes / 1e6);
	}

	static String duration(Duration duration) {
		return (duration.toHours() > 0) ? String.format("%dh%02dm", duration.toHours(), duration.toMinutesPart())
				: String.format("%dm%02ds", duration.toMinutesPart(), duration.toSecondsPart());
	}

}
