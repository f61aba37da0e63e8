package io.flowbatch.archivecompact;

import java.util.ArrayList;
import java.util.List;

import io.flowbatch.execution.RunningExecutionLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Holds the job locks of the archive jobs that write the datasets for the whole run: an archive run would add
 * objects to a partition being merged and remove an unrecorded attempt beside its key, which is what a merged object
 * is between its copy and its promotion. While either is held, the other waits for the next schedule (the lock goes
 * with a killed JVM's session).
 */
class ArchiveJobLocks implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ArchiveJobLocks.class);

	private final RunningExecutionLock locks;

	private final List<AutoCloseable> held = new ArrayList<>();

	ArchiveJobLocks(RunningExecutionLock locks) {
		this.locks = locks;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		for (String job : CompactParameters.archiveJobs(CompactParameters.datasets(jobExecution.getJobParameters()
			.getString("dataset")))) {
			this.held.add(this.locks.tryLockJob(job)
				.orElseThrow(() -> new IllegalStateException("job '" + job + "' is running; archive-compact merges"
						+ " its datasets only while it does not (restart this execution when it has ended)")));
		}
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		for (AutoCloseable lock : this.held) {
			try {
				lock.close();
			}
			catch (Exception ex) {
				// Closing the lock's session releases it anyway.
				logger.warn("Could not release an archive job lock: {}", ex.getMessage());
			}
		}
		this.held.clear();
	}

}
