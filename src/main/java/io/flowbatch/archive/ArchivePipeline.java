package io.flowbatch.archive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.flowbatch.execution.RunningExecutionLock;
import io.flowbatch.config.InvalidSettingsException;
import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.partitioning.LostPartitions;
import io.flowbatch.partitioning.PartitionRequests;
import io.flowbatch.partitioning.RemotePartitioningProperties;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one archive flow both archive jobs run, each with its own {@link ArchiveDefinition}:
 * <ol>
 * <li>{@code plan}: reports partitions, rows left by policy and rows held back and stores the partitions
 * ({@link ArchivePlanTasklet}, {@link ArchivePlans}); a dry run ends here;</li>
 * <li>{@code archive-partitions}: {@code workers} concurrent step executions (Spring Batch partitioning); worker i
 * of n reads its share of the stored plan ({@link PartitionReader}) and archives one partition per chunk
 * transaction ({@link PartitionArchiver}); a failure or restart concerns only the workers that did not complete,
 * and each continues after the last partition it committed;</li>
 * <li>{@code write-run-manifest}: a JSON manifest of the run next to the data ({@link RunManifests}).</li>
 * </ol>
 * With {@code flowbatch.partitioning=remote} the workers are not threads of this JVM: the partition requests go over
 * RabbitMQ to {@code flowbatch worker} JVMs ({@link io.flowbatch.partitioning.PartitionWorker}) and this step
 * follows their step executions in the job repository until all are done or
 * {@code flowbatch.remote-partitioning.timeout} has passed.
 */
@Component
public class ArchivePipeline {

	private static final String PLAN_STEP = "plan";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final NamedParameterJdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate streaming;

	private final ArchiveObjects archiveObjects;

	private final ArchiveManifest manifest;

	private final RunManifests runManifests;

	private final RunningExecutionLock locks;

	private final JobMetrics metrics;

	private final boolean remote;

	private final PartitionRequests partitionRequests;

	private final RemotePartitioningProperties remoteProperties;

	/** Each archive job's worker step, by job name: what a remote worker may run. */
	private final Map<String, Step> workerSteps = new ConcurrentHashMap<>();

	public ArchivePipeline(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, ArchiveObjects archiveObjects, ArchiveManifest manifest, RunManifests runManifests,
			RunningExecutionLock locks, JobMetrics metrics,
			@Value("${flowbatch.partitioning:local}") String partitioning, PartitionRequests partitionRequests,
			RemotePartitioningProperties remoteProperties) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.jdbc = new NamedParameterJdbcTemplate(jdbc);
		this.streaming = ExportSession.streaming(jdbc);
		this.archiveObjects = archiveObjects;
		this.manifest = manifest;
		this.runManifests = runManifests;
		this.locks = locks;
		this.metrics = metrics;
		if (!partitioning.equals("local") && !partitioning.equals("remote")) {
			throw new InvalidSettingsException(
					"flowbatch.partitioning must be local or remote, got '" + partitioning + "'");
		}
		this.remote = partitioning.equals("remote");
		this.partitionRequests = partitionRequests;
		this.remoteProperties = remoteProperties;
	}

	/**
	 * The job. {@code partitions} and {@code archiver} must be step-scoped beans made by {@link #partitions} and
	 * {@link #archiver}: each concurrent worker gets its own.
	 */
	public Job job(ArchiveDefinition definition, ItemReader<ArchivePartition> partitions,
			ItemWriter<ArchivePartition> archiver, int workers) {
		Step plan = new StepBuilder(PLAN_STEP, this.jobRepository)
			.tasklet(new ArchivePlanTasklet(definition, this.jdbc), this.transactionManager)
			.build();
		Step manifestStep = new StepBuilder("write-run-manifest", this.jobRepository)
			.tasklet(this.runManifests.tasklet(definition.jobName(), definition.dataset(), definition.layout()),
					this.transactionManager)
			.build();
		return new JobBuilder(definition.jobName(), this.jobRepository)
			.listener(new ArchiveRunReport(definition, this.jdbc, this.manifest, this.metrics))
			.start(plan)
			.on("DRY_RUN")
			.end()
			.from(plan)
			.on("*")
			.to(workers(definition.jobName(), worker(definition.jobName(), partitions, archiver), workers))
			.next(manifestStep)
			.end()
			.build();
	}

	/**
	 * Worker {@code worker} of {@code workers}' share of the partitions the plan step stored, for the step execution
	 * it runs in (in this JVM or a remote worker's).
	 */
	public PartitionReader partitions(ArchiveDefinition definition, StepExecution stepExecution) {
		ExecutionContext slice = stepExecution.getExecutionContext();
		int worker = slice.getInt("worker");
		int workers = slice.getInt("workers");
		StepExecution plan = this.jobRepository.getLastStepExecution(stepExecution.getJobExecution().getJobInstance(),
				PLAN_STEP);
		if (plan != null && plan.getExecutionContext().containsKey(ArchivePlans.STORED_BY)) {
			return PartitionReader.stored(definition, this.jdbc, plan.getExecutionContext().getLong(ArchivePlans.STORED_BY),
					worker, workers);
		}
		return PartitionReader.planned(definition, this.jdbc, ArchiveRun.parameters(stepExecution.getJobParameters()),
				worker, workers);
	}

	/** The partition archiver of the step execution it runs in. */
	public PartitionArchiver archiver(ArchiveDefinition definition, StepExecution stepExecution) {
		return new PartitionArchiver(definition, this.streaming, this.transactionManager, this.archiveObjects,
				this.manifest, this.locks, ArchiveRun.parameters(stepExecution.getJobParameters()),
				stepExecution.getJobExecutionId());
	}

	/** The worker step of archive job {@code jobName} if {@code stepName} names it: what a remote worker may run. */
	public Optional<Step> workerStep(String jobName, String stepName) {
		return Optional.ofNullable(this.workerSteps.get(jobName)).filter((step) -> step.getName().equals(stepName));
	}

	/** A worker: one partition per chunk, so that a partition's export, verification and deletes commit together. */
	private Step worker(String jobName, ItemReader<ArchivePartition> partitions, ItemWriter<ArchivePartition> archiver) {
		Step worker = new StepBuilder("archive-worker", this.jobRepository).<ArchivePartition, ArchivePartition>chunk(1)
			.reader(partitions)
			.writer(archiver)
			.transactionManager(this.transactionManager)
			.build();
		this.workerSteps.put(jobName, worker);
		return worker;
	}

	/**
	 * The worker as {@code workers} step executions, each told its index and the count: threads of this JVM, or
	 * (remote) requests to worker JVMs followed through the job repository.
	 */
	private Step workers(String jobName, Step worker, int workers) {
		Partitioner slices = (gridSize) -> {
			Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
			for (int index = 0; index < gridSize; index++) {
				ExecutionContext slice = new ExecutionContext();
				slice.putInt("worker", index);
				slice.putInt("workers", gridSize);
				contexts.put("worker" + index, slice);
			}
			return contexts;
		};
		if (this.remote) {
			return new RemotePartitioningManagerStepBuilder("archive-partitions", this.jobRepository)
				.partitioner(worker.getName(), slices)
				.gridSize(workers)
				.outputChannel(this.partitionRequests.channel(jobName))
				.pollInterval(this.remoteProperties.pollInterval().toMillis())
				.timeout(this.remoteProperties.timeout().toMillis())
				.listener(new LostPartitions(this.jobRepository, worker.getName()))
				.build();
		}
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("archive-worker-");
		threads.setConcurrencyLimit(workers);
		return new StepBuilder("archive-partitions", this.jobRepository).partitioner(worker.getName(), slices)
			.step(worker)
			.gridSize(workers)
			.taskExecutor(threads)
			.build();
	}

}
