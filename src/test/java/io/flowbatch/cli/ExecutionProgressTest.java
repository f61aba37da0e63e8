package io.flowbatch.cli;

import java.time.Duration;
import java.util.List;

import io.flowbatch.execution.Progress;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionProgressTest {

	private static final JobInstance INSTANCE = new JobInstance(1, "webhook-archive");

	private static final long SECOND = 1_000_000_000L;

	@Test
	void showsThePlannedTotalsWhatIsDoneTheRateAndAnEta() {
		JobExecution execution = new JobExecution(10, INSTANCE, new JobParameters());
		new Progress(100, 1_000_000, 500_000_000)
			.putPlanned(step(execution, 1, "plan", BatchStatus.COMPLETED).getExecutionContext());
		StepExecution worker0 = step(execution, 2, "archive-worker:worker0", BatchStatus.STARTED);
		StepExecution worker1 = step(execution, 3, "archive-worker:worker1", BatchStatus.STARTED);
		new Progress(10, 100_000, 50_000_000).putDone(worker0.getExecutionContext());
		new Progress(10, 100_000, 50_000_000).putDone(worker1.getExecutionContext());
		ExecutionProgress progress = new ExecutionProgress();

		String first = progress.line(List.of(execution), execution, 0);
		new Progress(30, 300_000, 150_000_000).putDone(worker0.getExecutionContext());
		String later = progress.line(List.of(execution), execution, 10 * SECOND);

		assertThat(first).isEqualTo(
				"webhook-archive execution 10: 20/100 partitions, 200,000/1,000,000 rows (20%), 100.0 MB written");
		// 200,000 rows in 10 s: 20,000 rows/s; 600,000 to go: 30 s.
		assertThat(later).isEqualTo("webhook-archive execution 10: 40/100 partitions, 400,000/1,000,000 rows (40%),"
				+ " 200.0 MB written, 20,000 rows/s, ETA 0m30s");
	}

	@Test
	void afterARestartWhatEarlierExecutionsDidCounts() {
		JobExecution failed = new JobExecution(10, INSTANCE, new JobParameters());
		new Progress(4, 400, 4000).putPlanned(step(failed, 1, "plan", BatchStatus.COMPLETED).getExecutionContext());
		new Progress(1, 100, 1000)
			.putDone(step(failed, 2, "archive-worker:worker0", BatchStatus.COMPLETED).getExecutionContext());
		new Progress(1, 100, 1000)
			.putDone(step(failed, 3, "archive-worker:worker1", BatchStatus.FAILED).getExecutionContext());
		JobExecution restarted = new JobExecution(11, INSTANCE, new JobParameters());
		// The restarted worker's context starts from the failed one's (cumulative).
		new Progress(2, 200, 2000)
			.putDone(step(restarted, 4, "archive-worker:worker1", BatchStatus.STARTED).getExecutionContext());

		String line = new ExecutionProgress().line(List.of(failed, restarted), restarted, 0);

		assertThat(line).startsWith("webhook-archive execution 11: 3/4 partitions, 300/400 rows (75%)");
	}

	@Test
	void aJobWithoutPlannedAmountsShowsItsRunningStepsCounts() {
		JobExecution execution = new JobExecution(12, new JobInstance(2, "daily-metrics"), new JobParameters());
		StepExecution step = step(execution, 5, "compute-days", BatchStatus.STARTED);
		step.setReadCount(90);
		step.setWriteCount(90);
		step.setCommitCount(1);

		assertThat(new ExecutionProgress().line(List.of(execution), execution, 0))
			.isEqualTo("daily-metrics execution 12: step compute-days: read 90, written 90, skipped 0, commits 1");
	}

	@Test
	void durationsReadAsMinutesOrHours() {
		assertThat(ExecutionProgress.duration(Duration.ofSeconds(75))).isEqualTo("1m15s");
		assertThat(ExecutionProgress.duration(Duration.ofMinutes(135))).isEqualTo("2h15m");
	}

	private static StepExecution step(JobExecution execution, long id, String name, BatchStatus status) {
		StepExecution step = new StepExecution(id, name, execution);
		step.setStatus(status);
		execution.addStepExecution(step);
		return step;
	}

}
