package io.flowbatch.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.flowbatch.audit.Actor;
import io.flowbatch.audit.OperatorAction;
import io.flowbatch.audit.OperatorActions;
import io.flowbatch.backup.PostgresClient;
import io.flowbatch.catalog.JobCatalog;
import io.flowbatch.catalog.JobDefinition;
import io.flowbatch.config.FlowbatchProperties;
import io.flowbatch.execution.RunningExecutionLock;
import io.flowbatch.execution.StopRequests;
import io.flowbatch.execution.UnknownOutcomes;
import io.flowbatch.metrics.MetricsPush;
import io.flowbatch.namespace.NamespaceRefusedException;
import io.flowbatch.namespace.S3Namespace;
import io.flowbatch.pitr.PgBackRest;
import io.flowbatch.storage.ObjectStore;
import io.flowbatch.storage.StorageUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The verbs that act on executions. They keep Spring Batch's {@link JobOperator} semantics (and those of its
 * {@code CommandLineJobOperator}) and add what an operator at 3 a.m. needs: one clear line when a command is refused,
 * an exit code per outcome, and a liveness check before {@code recover}.
 */
@Component
class OperatorCommands {

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Map<String, Job> jobs;

	private final JobCatalog catalog;

	private final RunningExecutionLock runningExecutionLock;

	private final JobRunFollower follower;

	private final StopRequests stopRequests;

	private final UnknownOutcomes unknownOutcomes;

	private final ExecutionReports reports;

	private final FlowbatchProperties properties;

	private final CliOutput output;

	private final Environment environment;

	private final ObjectProvider<ObjectStore> objectStore;

	private final ObjectProvider<PostgresClient> postgresClient;

	private final MetricsPush metricsPush;

	private final ObjectProvider<S3Namespace> namespace;

	private final OperatorActions operatorActions;

	private final ObjectProvider<PgBackRest> pgBackRest;

	OperatorCommands(JobOperator jobOperator, JobRepository jobRepository, List<Job> jobs, JobCatalog catalog,
			RunningExecutionLock runningExecutionLock, JobRunFollower follower, StopRequests stopRequests,
			UnknownOutcomes unknownOutcomes, ExecutionReports reports,
			FlowbatchProperties properties, CliOutput output, Environment environment,
			ObjectProvider<ObjectStore> objectStore, ObjectProvider<PostgresClient> postgresClient,
			MetricsPush metricsPush, ObjectProvider<S3Namespace> namespace, OperatorActions operatorActions,
			ObjectProvider<PgBackRest> pgBackRest) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
		this.catalog = catalog;
		this.runningExecutionLock = runningExecutionLock;
		this.follower = follower;
		this.stopRequests = stopRequests;
		this.unknownOutcomes = unknownOutcomes;
		this.reports = reports;
		this.properties = properties;
		this.output = output;
		this.environment = environment;
		this.objectStore = objectStore;
		this.postgresClient = postgresClient;
		this.metricsPush = metricsPush;
		this.namespace = namespace;
		this.operatorActions = operatorActions;
		this.pgBackRest = pgBackRest;
	}

	ExitCode run(String jobName, Map<String, String> given, @Nullable String reason) {
		JobDefinition definition = this.catalog.find(jobName)
			.orElseThrow(() -> new CliException(ExitCode.USAGE, "unknown job '" + jobName + "'"));
		JobParameters parameters = definition.resolveParameters(given, LocalDate.now(zoneOf(definition)),
				this.environment::getProperty);
		Job job = job(jobName);
		// The job's own checks (a dataset's name, a table's) before anything is claimed, locked or started.
		try {
			job.getJobParametersValidator().validate(parameters);
		}
		catch (org.springframework.batch.core.job.parameters.InvalidJobParametersException ex) {
			throw new CliException(ExitCode.USAGE, ex.getMessage());
		}
		var dryRunParameter = parameters.getParameter("dryRun");
		boolean dryRun = dryRunParameter != null && Boolean.parseBoolean(String.valueOf(dryRunParameter.value()));
		return startAndFollow(jobName, dryRun, new Action(OperatorAction.Kind.RUN, reason),
				() -> start(job, parameters));
	}

	private JobExecution start(Job job, JobParameters parameters) {
		String jobName = job.getName();
		try {
			return this.jobOperator.start(job, parameters);
		}
		catch (JobExecutionAlreadyRunningException ex) {
			JobExecution running = this.jobRepository.getLastJobExecution(jobName, parameters);
			throw alreadyRunning(running);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution completed = this.jobRepository.getLastJobExecution(jobName, parameters);
			throw new CliException(ExitCode.USAGE, "job '" + jobName + "' with these identifying parameters ("
					+ parameters.getIdentifyingParameters().stream().map((p) -> p.name() + "=" + p.value()).toList()
					+ ") already COMPLETED in execution "
					+ ((completed != null) ? completed.getId() : "?")
					+ "; a completed instance does not run again (docs/operations.md: re-running a completed job)");
		}
		catch (org.springframework.batch.core.job.parameters.InvalidJobParametersException ex) {
			throw new CliException(ExitCode.USAGE, ex.getMessage());
		}
		catch (JobRestartException ex) {
			throw new CliException(ExitCode.USAGE, "cannot start job '" + jobName + "': " + ex.getMessage());
		}
	}

	/**
	 * Checks the services the job needs, takes the job's lock (one execution per job at a time), starts, follows the
	 * execution to its end and releases the lock.
	 */
	private ExitCode startAndFollow(String jobName, boolean dryRun, Action action, Supplier<JobExecution> starter) {
		this.catalog.find(jobName).ifPresent((definition) -> checkRequiredServices(definition, dryRun));
		AutoCloseable jobLock = lockJob(jobName);
		try {
			JobExecution started = starter.get();
			record(started, action);
			ExitCode exitCode = this.follower.follow(started);
			this.metricsPush.afterRun(jobName, exitCode.code());
			return exitCode;
		}
		finally {
			release(jobLock);
		}
	}

	ExitCode execute(String verb, long executionId, @Nullable String reason) {
		JobExecution execution = findExecution(executionId);
		if (execution == null) {
			throw new CliException(ExitCode.USAGE, "no execution with id " + executionId);
		}
		return switch (verb) {
			case "restart" -> restart(execution, new Action(OperatorAction.Kind.RESTART, reason));
			case "stop" -> stop(execution, new Action(OperatorAction.Kind.STOP, reason));
			case "abandon" -> abandon(execution, new Action(OperatorAction.Kind.ABANDON, reason));
			case "recover" -> recover(execution, new Action(OperatorAction.Kind.RECOVER, reason));
			default -> throw new IllegalArgumentException(verb);
		};
	}

	private ExitCode restart(JobExecution execution, Action action) {
		BatchStatus status = execution.getStatus();
		if (status.isRunning()) {
			throw alreadyRunning(execution);
		}
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new CliException(ExitCode.USAGE, "execution " + execution.getId() + " is " + status
					+ "; only FAILED or STOPPED executions can be restarted"
					+ (status == BatchStatus.COMPLETED ? " (docs/operations.md: re-running a completed job)" : "")
					+ (status == BatchStatus.UNKNOWN ? " (its database session was lost mid-chunk: run 'flowbatch recover "
							+ execution.getId() + "', then restart it)" : ""));
		}
		return startAndFollow(execution.getJobInstance().getJobName(), false, action, () -> {
			try {
				return this.jobOperator.restart(execution);
			}
			catch (JobRestartException ex) {
				throw new CliException(ExitCode.USAGE,
						"cannot restart execution " + execution.getId() + ": " + rootMessage(ex));
			}
		});
	}

	private ExitCode stop(JobExecution execution, Action action) {
		if (!execution.getStatus().isRunning()) {
			throw new CliException(ExitCode.USAGE,
					"execution " + execution.getId() + " is not running (" + execution.getStatus() + ")");
		}
		if (!this.runningExecutionLock.isHeldElsewhere(execution.getId())) {
			throw new CliException(ExitCode.USAGE, "execution " + execution.getId() + " is " + execution.getStatus()
					+ " but no process runs it (its JVM died); use 'flowbatch recover " + execution.getId() + "'");
		}
		try {
			this.stopRequests.request(execution.getId());
		}
		catch (org.springframework.batch.core.launch.JobExecutionNotRunningException ex) {
			throw new CliException(ExitCode.USAGE, ex.getMessage());
		}
		record(execution, action);
		this.output.out()
			.println("Stop requested for execution " + execution.getId()
					+ ": it ends STOPPED at its next chunk boundary; then 'flowbatch restart " + execution.getId()
					+ "' resumes it.");
		return ExitCode.OK;
	}

	private ExitCode abandon(JobExecution execution, Action action) {
		BatchStatus status = execution.getStatus();
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new CliException(ExitCode.USAGE, "execution " + execution.getId() + " is " + status
					+ "; only FAILED or STOPPED executions can be abandoned"
					+ (status.isRunning() ? " (stop it first, or recover it if its JVM died)" : ""));
		}
		try {
			this.jobOperator.abandon(execution);
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw alreadyRunning(execution);
		}
		record(execution, action);
		this.output.out()
			.println("Execution " + execution.getId() + " ABANDONED: it will not be restarted; a new run of the same"
					+ " parameters starts from the beginning.");
		return ExitCode.OK;
	}

	private ExitCode recover(JobExecution execution, Action action) {
		boolean unknown = execution.getStatus() == BatchStatus.UNKNOWN;
		if (!execution.getStatus().isRunning() && !unknown) {
			throw new CliException(ExitCode.USAGE, "execution " + execution.getId() + " is " + execution.getStatus()
					+ "; only an execution left STARTED by a dead JVM or ended UNKNOWN needs recovering");
		}
		if (this.runningExecutionLock.isHeldElsewhere(execution.getId())) {
			throw new CliException(ExitCode.ALREADY_RUNNING, "execution " + execution.getId()
					+ " is alive in another process; to end it use 'flowbatch stop " + execution.getId() + "'");
		}
		if (unknown) {
			// Spring Batch's recover leaves UNKNOWN as it is (it cannot know that the steps are safe to rerun).
			this.unknownOutcomes.markFailed(execution);
		}
		else {
			JobExecution recovered = this.jobOperator.recover(execution);
			recovered.setExitStatus(ExitStatus.FAILED.addExitDescription(
					"Recovered by 'flowbatch recover': the process running this execution died before it ended."));
			this.jobRepository.update(recovered);
		}
		record(execution, action);
		this.output.out()
			.println("Execution " + execution.getId() + " marked FAILED; resume it with 'flowbatch restart "
					+ execution.getId() + "'.");
		return ExitCode.OK;
	}

	/**
	 * Records an action that took effect. The action stands when the record cannot be written (the job already
	 * runs); the operator is told, so that the audit gap can be noted.
	 */
	private void record(JobExecution execution, Action action) {
		try {
			this.operatorActions.record(execution.getId(), execution.getJobInstance().getJobName(), action.kind(),
					Actor.current(), action.reason());
		}
		catch (DataAccessException ex) {
			this.output.err()
				.println("flowbatch: warning: " + action.kind().verb() + " of execution " + execution.getId()
						+ " took effect but was not recorded in operator_actions: " + rootMessage(ex));
		}
	}

	private record Action(OperatorAction.Kind kind, @Nullable String reason) {
	}

	/**
	 * Checks the services a job needs before it starts, so that an outage touches nothing. A dry run checks that the
	 * S3 namespace is this database's, but does not claim an unclaimed one.
	 */
	private void checkRequiredServices(JobDefinition definition, boolean dryRun) {
		if (definition.requires().contains("pg-client")) {
			try {
				for (String tool : List.of("pg_dump", "pg_dumpall", "pg_restore")) {
					this.postgresClient.getObject().checkClientVersion(tool);
				}
			}
			catch (IllegalStateException ex) {
				throw new CliException(ExitCode.USAGE, ex.getMessage() + "; nothing was started");
			}
		}
		if (definition.requires().contains("pgbackrest")) {
			try {
				this.pgBackRest.getObject().checkUsable();
			}
			catch (IllegalStateException ex) {
				throw new CliException(ExitCode.USAGE, ex.getMessage() + "; nothing was started");
			}
		}
		if (definition.requires().contains("s3")) {
			try {
				this.objectStore.getObject().checkReachable();
			}
			catch (StorageUnavailableException ex) {
				throw new CliException(ExitCode.STORAGE_UNAVAILABLE, ex.getMessage() + "; nothing was started");
			}
			try {
				this.namespace.getObject().check(!dryRun);
			}
			catch (NamespaceRefusedException ex) {
				throw new CliException(ExitCode.USAGE, ex.getMessage() + "; nothing was started or touched");
			}
		}
	}

	private AutoCloseable lockJob(String jobName) {
		return this.runningExecutionLock.tryLockJob(jobName).orElseThrow(() -> {
			String running = this.jobRepository.findRunningJobExecutions(jobName)
				.stream()
				.map((e) -> String.valueOf(e.getId()))
				.sorted()
				.collect(Collectors.joining(", "));
			return new CliException(ExitCode.ALREADY_RUNNING, "job '" + jobName + "' is already running"
					+ (running.isEmpty() ? "" : " as execution " + running)
					+ " in another process (one execution per job at a time); nothing was started");
		});
	}

	private static void release(AutoCloseable lock) {
		try {
			lock.close();
		}
		catch (Exception ex) {
			// The session ends with the process anyway, which releases the lock.
		}
	}

	private ZoneId zoneOf(JobDefinition definition) {
		return zoneOf(definition, this.environment);
	}

	/** The zone the job's calendar days are read in: the catalog's {@code zone}, else {@code flowbatch.zone}. */
	static ZoneId zoneOf(JobDefinition definition, Environment environment) {
		String zone = (definition.zone() != null) ? definition.zone() : "${flowbatch.zone:UTC}";
		return ZoneId.of(environment.resolveRequiredPlaceholders(zone));
	}

	private JobExecution findExecution(long executionId) {
		try {
			return this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6.0's JDBC DAO throws here rather than returning null for an unknown id.
			return null;
		}
	}

	private CliException alreadyRunning(JobExecution running) {
		if (running != null && !this.runningExecutionLock.isHeldElsewhere(running.getId())) {
			return new CliException(ExitCode.ALREADY_RUNNING,
					"execution " + running.getId() + " of this job instance is " + running.getStatus()
							+ " but no process runs it (its JVM died): run 'flowbatch recover " + running.getId()
							+ "', then 'flowbatch restart " + running.getId() + "'");
		}
		return new CliException(ExitCode.ALREADY_RUNNING, "this job instance is already running"
				+ ((running != null) ? " as execution " + running.getId() : "") + "; nothing was started");
	}

	private Job job(String jobName) {
		Job job = this.jobs.get(jobName);
		if (job == null) {
			throw new IllegalStateException("job '" + jobName + "' is in the catalog but not registered");
		}
		return job;
	}

	private static String rootMessage(Throwable failure) {
		return StartupFailures.oneLine(org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure));
	}

}
