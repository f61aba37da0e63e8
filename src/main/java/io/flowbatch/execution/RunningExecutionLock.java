package io.flowbatch.execution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
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

	private static final String LOCK_HELD = SqlFiles.read("queries/execution/advisory-lock-held.sql");

	private final Map<Long, Connection> heldLocks = new ConcurrentHashMap<>();

	/** The database session (backend pid) holding each lock this JVM took, by lock. */
	private final Map<HeldLock, Integer> lockSessions = new ConcurrentHashMap<>();

	/** A two-key advisory lock, as pg_locks shows it (both keys as unsigned 32-bit numbers). */
	private record HeldLock(long namespace, long key, String description) {

		static HeldLock ofExecution(long executionId) {
			return new HeldLock(LOCK_NAMESPACE, Integer.toUnsignedLong((int) executionId),
					"the liveness lock of execution " + executionId);
		}

		static HeldLock ofJob(String jobName) {
			return new HeldLock(JOB_LOCK_NAMESPACE, Integer.toUnsignedLong(jobName.hashCode()),
					"the lock of job " + jobName);
		}

	}

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
			this.lockSessions.put(HeldLock.ofExecution(jobExecution.getId()), backendPid(connection));
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("cannot take the liveness lock of execution "
					+ jobExecution.getId(), ex);
		}
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		Connection connection = this.heldLocks.remove(jobExecution.getId());
		this.lockSessions.remove(HeldLock.ofExecution(jobExecution.getId()));
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
			HeldLock held = HeldLock.ofJob(jobName);
			this.lockSessions.put(held, backendPid(connection));
			// Closing the session releases the lock.
			return java.util.Optional.of(() -> {
				this.lockSessions.remove(held);
				connection.close();
			});
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("cannot take the lock of job " + jobName, ex);
		}
	}

	/**
	 * Fails unless the sessions holding this execution's liveness lock and its job's lock (when this JVM took them)
	 * still hold them. A session can vanish under a running job (terminated by an administrator, a network cut, an
	 * idle timeout); its lock goes with it, and another process could then start the same job over the same rows or
	 * {@code recover} this execution as dead. Archive jobs call this before each partition commits, so such a
	 * partition rolls back.
	 * @param jdbc any session, e.g. the caller's transaction
	 */
	public void checkStillHeld(long executionId, String jobName, NamedParameterJdbcTemplate jdbc) {
		for (HeldLock lock : new HeldLock[] { HeldLock.ofExecution(executionId), HeldLock.ofJob(jobName) }) {
			Integer pid = this.lockSessions.get(lock);
			if (pid == null) {
				continue;
			}
			Boolean held = jdbc.queryForObject(LOCK_HELD,
					Map.of("pid", pid, "namespace", lock.namespace(), "key", lock.key()), Boolean.class);
			if (!Boolean.TRUE.equals(held)) {
				throw new LockLostException(lock.description() + " is gone: the database session that held it"
						+ " (pid " + pid + ") ended, so another process could start this work too; the partition was"
						+ " rolled back and nothing of it was deleted");
			}
		}
	}

	private static int backendPid(Connection connection) throws SQLException {
		try (PreparedStatement pid = connection.prepareStatement("SELECT pg_backend_pid()");
				ResultSet result = pid.executeQuery()) {
			result.next();
			return result.getInt(1);
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
