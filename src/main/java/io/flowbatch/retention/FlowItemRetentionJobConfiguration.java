package io.flowbatch.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.flowbatch.archive.ArchiveBacklog;
import io.flowbatch.archive.ArchiveManifest;
import io.flowbatch.archive.ArchiveObjects;
import io.flowbatch.archive.ArchiveWorkers;
import io.flowbatch.archive.RunManifests;
import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * flow-item-retention: flow items completed before {@code before} (00:00 UTC), with their stage transitions and
 * stage metrics, become three hive-partitioned Parquet datasets ({@code team_id=.../completed_month=YYYY-MM/}) that
 * join on {@code flow_item_id}; each partition is exported, read back and verified, then deleted in one transaction
 * ({@link RetentionArchiver}). Steps: {@code plan} (a dry run ends there), {@code archive-partitions} (concurrent
 * workers, each re-planning its share on restart: archived items are gone), {@code write-run-manifest}.
 */
@Configuration(proxyBeanMethods = false)
class FlowItemRetentionJobConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(FlowItemRetentionJobConfiguration.class);

	private static final String PLAN = SqlFiles.read("queries/flow-item-retention/plan-partitions.sql");

	@Bean
	Job flowItemRetentionJob(JobRepository jobRepository, Step planFlowItemRetention,
			Step archiveFlowItemPartitions, Step writeFlowItemRetentionRunManifest, JdbcClient jdbc, JobMetrics metrics) {
		return new JobBuilder("flow-item-retention", jobRepository)
			.listener(new ArchiveBacklog(jdbc, metrics, "flow_items",
					SqlFiles.read("queries/flow-item-retention/backlog.sql")))
			.start(planFlowItemRetention)
			.on("DRY_RUN")
			.end()
			.from(planFlowItemRetention)
			.on("*")
			.to(archiveFlowItemPartitions)
			.next(writeFlowItemRetentionRunManifest)
			.end()
			.build();
	}

	@Bean
	Step planFlowItemRetention(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			NamedParameterJdbcTemplate jdbc) {
		return new StepBuilder("plan", jobRepository).tasklet((contribution, context) -> {
			Map<String, Object> parameters = context.getStepContext().getJobParameters();
			LocalDate before = (LocalDate) parameters.get("before");
			List<RetentionPartition> plan = jdbc.query(PLAN,
					Map.of("cutoff", Timestamp.valueOf(before.atStartOfDay()), "workers", 1, "worker", 0),
					(row, n) -> partition(row));
			boolean dryRun = Boolean.parseBoolean(String.valueOf(parameters.get("dryRun")));
			plan.forEach((p) -> logger.info("{} team {} month {}: {} items", dryRun ? "Would archive" : "Will archive",
					p.teamId(), p.completedMonth(), p.itemCount()));
			String summary = plan.size() + " partitions, "
					+ plan.stream().mapToLong(RetentionPartition::itemCount).sum() + " items completed before "
					+ before + " UTC";
			logger.info("Plan: {}", summary);
			contribution.setExitStatus(dryRun
					? new ExitStatus("DRY_RUN", "dry run, nothing written or deleted: " + summary)
					: ExitStatus.COMPLETED.addExitDescription(summary));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	/**
	 * Archives with {@code flowbatch.retention.workers} concurrent workers ({@link ArchiveWorkers}); worker i takes the
	 * months whose number is i modulo the worker count. Workers lock disjoint items and delete disjoint rows.
	 */
	@Bean
	Step archiveFlowItemPartitions(JobRepository jobRepository, Step archiveFlowItemPartitionsWorker,
			@Value("${flowbatch.retention.workers:2}") int workers) {
		return ArchiveWorkers.step("archive-partitions", jobRepository, archiveFlowItemPartitionsWorker, workers);
	}

	@Bean
	Step archiveFlowItemPartitionsWorker(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcCursorItemReader<RetentionPartition> flowItemRetentionPartitions,
			RetentionArchiver flowItemRetentionArchiver) {
		return ArchiveWorkers.worker(jobRepository, transactionManager, flowItemRetentionPartitions,
				flowItemRetentionArchiver);
	}

	@Bean
	@StepScope
	JdbcCursorItemReader<RetentionPartition> flowItemRetentionPartitions(JdbcTemplate jdbc,
			@Value("#{jobParameters['before']}") LocalDate before,
			@Value("#{stepExecutionContext['worker']}") Integer worker,
			@Value("#{stepExecutionContext['workers']}") Integer workers) {
		return ArchiveWorkers.partitions(jdbc.getDataSource(), PLAN, before, worker, workers,
				(row, n) -> partition(row));
	}

	@Bean
	@StepScope
	RetentionArchiver flowItemRetentionArchiver(JdbcTemplate jdbc, ObjectStore objectStore,
			ArchiveObjects archiveObjects, ArchiveManifest manifest,
			@Value("#{jobParameters['before']}") LocalDate before,
			@Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new RetentionArchiver(jdbc, objectStore, archiveObjects, manifest, before.atStartOfDay(), executionId);
	}

	@Bean
	Step writeFlowItemRetentionRunManifest(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RunManifests runManifests) {
		return new StepBuilder("write-run-manifest", jobRepository)
			.tasklet(runManifests.tasklet("flow-item-retention", "flow_items",
					"{flow_items,stage_transitions,stage_metrics}/team_id=<percent-encoded>/completed_month=YYYY-MM/"
							+ "items-FIRSTID-LASTID.parquet"),
					transactionManager)
			.build();
	}

	private static RetentionPartition partition(ResultSet row) throws SQLException {
		return new RetentionPartition(row.getString("team_id"), row.getString("completed_month"),
				row.getLong("item_count"), row.getString("first_id"), row.getString("last_id"));
	}

}
