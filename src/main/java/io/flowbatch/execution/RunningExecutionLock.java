package io.flowbatch.execution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Proves that an execution is alive: while it runs, its JVM holds a PostgreSQL session advisory lock keyed by the
 * execution id. PostgreSQL releases the lock when that session ends, so a JVM killed with SIGKILL leaves its
 * execution STARTED in the job repository but unlocked here. {@code recover} relies on this to refuse marking a
 * live execution FAILED, which Spring Batch's {@code JobOperator.recover} does not check.
 */
@Component
public class RunningExecutionLock implements JobExecutionListener {

	/** First key of the two-key advisory lock, so flowbatch's locks do not collide with other applications'. */
	static final int LOCK_NAMESPACE = 0x466c6f77; // "Flow"

	/** First key of the per-job lock. */
	static final int JOB_LOCK_NAMESPACE = 0x466c6f78;

	private static final Logger logger = LoggerFactory.getLogger(RunningExecutionLock.class);

	private final DataSource dataSource;

	private final Map<Long, Connection> heldLocks = new ConcurrentHashMap<>();

	public RunningExecutionLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		try {
			Connection connection = this.dataSource.getConnection();
			if (!tryLock(connection, jobExecution.getId())) {
				connection.close();
				throw new IllegalStateException("execution " + jobExecution.getId() + " is locked by another process");
			}
			this.heldLocks.put(jobExecution.getId(), connection);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("cannot take the liveness lock of execution "
					+ jobExecution.getId(), ex);
		}
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		Connection connection = this.heldLocks.remove(jobExecution.getId());
		if (connection == null) {
			return;
		}
		try (connection) {
			try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
				bind(unlock, jobExecution.getId());
				unlock.execute();
			}
		}
		catch (SQLException ex) {
			// Closing the session releases the lock anyway.
			logger.warn("Could not release the liveness lock of execution {}: {}", jobExecution.getId(),
					ex.getMessage());
		}
	}

	/**
	 * Takes the lock that lets one execution of a job run at a time, across processes and hosts: two archive runs
	 * over the same rows, or a backfill racing the nightly run, must not interleave.
	 * @return the held lock, to close when the execution has ended; empty if another process holds it
	 */
	public java.util.Optional<AutoCloseable> tryLockJob(String jobName) {
		try {
			Connection connection = this.dataSource.getConnection();
			try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
				lock.setInt(1, JOB_LOCK_NAMESPACE);
				lock.setInt(2, jobName.hashCode());
				try (ResultSet result = lock.executeQuery()) {
					result.next();
					if (!result.getBoolean(1)) {
						connection.close();
						return java.util.Optional.empty();
					}
				}
			}
			// Closing the session releases the lock.
			return java.util.Optional.of(connection::close);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("cannot take the lock of job " + jobName, ex);
		}
	}

	/** Whether some process is running this execution right now. */
	public boolean isHeldElsewhere(long executionId) {
		if (this.heldLocks.containsKey(executionId)) {
			return true;
		}
		try (Connection connection = this.dataSource.getConnection()) {
			if (!tryLock(connection, executionId)) {
				return true;
			}
			try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
				bind(unlock, executionId);
				unlock.execute();
			}
			return false;
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("cannot check whether execution " + executionId
					+ " is running", ex);
		}
	}

	private static boolean tryLock(Connection connection, long executionId) throws SQLException {
		try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
			bind(lock, executionId);
			try (ResultSet result = lock.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	private static void bind(PreparedStatement statement, long executionId) throws SQLException {
		statement.setInt(1, LOCK_NAMESPACE);
		// Execution ids beyond 2^31 wrap; two executions that far apart are never both running.
		statement.setInt(2, (int) executionId);
	}

}
