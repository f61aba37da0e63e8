package io.flowbatch.retention;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults by which flow-item-retention could lose or corrupt data (docs/reliability.md), injected against the real
 * PostgreSQL and S3 server: children changed during the upload window (they are not locked), timestamps Parquet
 * cannot hold, items without children.
 */
class FlowItemRetentionIntegrityTest {

	private static JdbcClient jdbc;

	/** Each test's fixture lies this many days further back, so that its cutoff makes a job instance of its own. */
	private static final int UPDATE_SHIFT = 1_000;

	private static final int INFINITY_SHIFT = 2_000;

	private static final int NO_CHILDREN_SHIFT = 3_000;

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		FlowItemRetentionJobTest.jdbc = jdbc;
	}


	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
		System.clearProperty("flowbatch.retention.workers");
	}

	@Test
	void aTransitionAndAMetricUpdatedWhileTheirPartitionUploadsAreArchivedInTheirNewVersion() throws Exception {
		this.prefix = FlowItemRetentionJobTest.loadFixture(UPDATE_SHIFT);
		System.setProperty("flowbatch.retention.workers", "1");
		YearMonth month = YearMonth.from(LocalDateTime.now(ZoneOffset.UTC).minusDays(91 + UPDATE_SHIFT));
		// Held while the partition's last object uploads: its items, transitions and metrics are all exported.
		FaultyBlobStore.Pause upload = TestS3.get()
			.faults()
			.pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE,
					"stage_metrics/team_id=payments/completed_month=" + month + "/");

		CompletableFuture<CliRun> run = CompletableFuture
			.supplyAsync(() -> CliRun.of("run", "flow-item-retention", "before=" + cutoff(UPDATE_SHIFT)));
		upload.awaitReached(Duration.ofSeconds(60));
		// Late corrections by the service that owns the data; the items are locked, their children are not.
		assertThat(jdbc.sql("UPDATE stage_transitions SET triggered_by = 'late-correction' WHERE flow_item_id = ?"
				+ " AND to_stage = 'development'").param(FlowItemRetentionJobTest.id("gone-91")).update()).isEqualTo(1);
		assertThat(jdbc.sql("UPDATE stage_metrics SET active_time_seconds = 4242 WHERE flow_item_id = ?"
				+ " AND stage = 'analysis'").param(FlowItemRetentionJobTest.id("gone-91")).update()).isEqualTo(1);
		upload.release();

		CliRun done = run.get(2, TimeUnit.MINUTES);
		assertThat(done.exitCode()).as(done.toString()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM flow_items WHERE external_id LIKE 'gone-%'").query(Long.class).single())
			.isZero();
		var archive = ArchiveReader.download(this.prefix);
		assertThat(ArchiveReader.query(archive, "SELECT triggered_by, count(*) AS n FROM {stage_transitions}"
				+ " GROUP BY 1 ORDER BY 1")).containsExactly(Map.of("triggered_by", "late-correction", "n", 1L),
						Map.of("triggered_by", "webhook", "n", 3L));
		assertThat(ArchiveReader.query(archive, "SELECT stage, active_time_seconds FROM {stage_metrics} ORDER BY 1"))
			.containsExactly(Map.of("stage", "analysis", "active_time_seconds", 4242),
					Map.of("stage", "development", "active_time_seconds", 86400));
		assertThat(jdbc.sql("SELECT dataset, sum(row_count) FROM archive_manifest GROUP BY 1 ORDER BY 1")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
			.list()).containsExactly("flow_items=3", "stage_metrics=2", "stage_transitions=4");
	}

	@Test
	void anItemWithAChildTimestampParquetCannotHoldStaysWithAllItsChildrenAndIsReported() {
		this.prefix = FlowItemRetentionJobTest.loadFixture(INFINITY_SHIFT);
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).minusDays(INFINITY_SHIFT);
		FlowItemRetentionJobTest.item("held-infinity", "payments", "completed", now.minusDays(130), now.minusDays(95));
		FlowItemRetentionJobTest.transition("held-infinity", null, "development", now.minusDays(120), null);
		long infinite = jdbc.sql("""
				INSERT INTO stage_transitions (flow_item_id, from_stage, to_stage, transitioned_at)
				VALUES (?, 'development', 'done', 'infinity') RETURNING id""")
			.param(FlowItemRetentionJobTest.id("held-infinity"))
			.query(Long.class)
			.single();
		FlowItemRetentionJobTest.metric("held-infinity", "development", 60, 60, "50.00", null);

		CliRun run = CliRun.of("run", "flow-item-retention", "before=" + cutoff(INFINITY_SHIFT));

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).contains("1 rows held back").contains("stage_transitions " + infinite + " transitioned_at=infinity");
		assertThat(jdbc.sql("SELECT external_id FROM flow_items ORDER BY 1").query(String.class).list())
			.containsExactly("held-infinity", "stays-89", "stays-canceled", "stays-open-400");
		assertThat(jdbc.sql("SELECT count(*) FROM stage_transitions WHERE flow_item_id = ?")
			.param(FlowItemRetentionJobTest.id("held-infinity"))
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(jdbc.sql("SELECT count(*) FROM stage_metrics WHERE flow_item_id = ?")
			.param(FlowItemRetentionJobTest.id("held-infinity"))
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT dataset, sum(row_count) FROM archive_manifest GROUP BY 1 ORDER BY 1")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
			.list()).containsExactly("flow_items=3", "stage_metrics=2", "stage_transitions=4");
	}

	@Test
	void itemsWithoutChildrenGetNoEmptyChildObjects() {
		this.prefix = FlowItemRetentionJobTest.loadFixture(NO_CHILDREN_SHIFT);
		YearMonth month = YearMonth.from(LocalDateTime.now(ZoneOffset.UTC).minusDays(150 + NO_CHILDREN_SHIFT));

		CliRun run = CliRun.of("run", "flow-item-retention", "before=" + cutoff(NO_CHILDREN_SHIFT));

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> keys = ArchiveReader.keys(this.prefix);
		assertThat(keys).anyMatch((key) -> key.contains("flow_items/team_id=payments/completed_month=" + month + "/"))
			.noneMatch((key) -> key.contains("stage_transitions/team_id=payments/completed_month=" + month + "/"))
			.noneMatch((key) -> key.contains("stage_metrics/team_id=payments/completed_month=" + month + "/"));
		assertThat(jdbc.sql("SELECT count(*) FROM archive_manifest WHERE row_count = 0").query(Long.class).single())
			.isZero();
	}

	/** Between the fixture's gone-91 and stays-89 items. */
	private static LocalDate cutoff(int shiftDays) {
		return LocalDate.now(ZoneOffset.UTC).minusDays(90 + shiftDays);
	}

}
