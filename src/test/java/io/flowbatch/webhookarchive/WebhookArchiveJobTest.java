package io.flowbatch.webhookarchive;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** webhook-archive against a real PostgreSQL and a real S3 server over HTTP, read back with DuckDB. */
class WebhookArchiveJobTest {

	private static final List<String> SOURCES = List.of("github", "gitlab", "jira", "jenkins");

	/** Each test archives with its own cutoff: {@code before} identifies the job instance. */
	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger(40);

	private final WebhookEventsFixture events = new WebhookEventsFixture();

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
	}

	@BeforeEach
	void isolate() {
		this.events.clear();
		this.prefix = "test-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.setProperty("flowbatch.s3.endpoint", TestS3.get().endpoint().toString());
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void archivedEventsReadBackWithDuckDbExactlyAsTheyWereAndOnlyTheyLeavePostgres() {
		this.events.insertSpread(SOURCES, 60, 40, 3);
		LocalDate before = nextCutoff();
		List<Map<String, Object>> expected = this.events.rows(olderThan(before));
		long total = this.events.count();

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + before);

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(this.events.rows(olderThan(before))).isEmpty();
		assertThat(this.events.count() + expected.size()).isEqualTo(total);
		Path archive = ArchiveReader.download(this.prefix);
		assertThat(ArchiveReader.query(archive, "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS))
			.isEqualTo(expected);
		// Hive partitions: one object per source and UTC month, named by the values they hold; the day is a column.
		assertThat(ArchiveReader.query(archive, "webhook_events",
				"SELECT count(*) AS wrong FROM {files} WHERE CAST(received_at AT TIME ZONE 'UTC' AS DATE) <> received_date"
						+ " OR strftime(received_date, '%Y-%m') <> received_month"))
			.containsExactly(Map.of("wrong", 0L));
		List<Map<String, Object>> manifest = this.events.manifest();
		assertThat(manifest).hasSize(expected.stream().map((r) -> r.get("source") + "/"
				+ java.time.YearMonth.from(LocalDateTime.ofEpochSecond((Long) r.get("received_at_micros") / 1_000_000, 0,
						ZoneOffset.UTC)))
			.distinct()
			.toList()
			.size());
		assertThat(manifest).allSatisfy((object) -> assertThat(object.get("rows_deleted")).isEqualTo(object.get("row_count")));
		assertThat(ArchiveReader.keys(this.prefix)).filteredOn((key) -> key.endsWith(".parquet")).hasSameSizeAs(manifest);
		// The run's manifest, and the dataset's current manifest (every object archive_manifest names).
		assertThat(ArchiveReader.keys(this.prefix + "/webhook_events/_manifests/")).hasSize(2)
			.contains(this.prefix + "/webhook_events/_manifests/current.json");
	}

	@Test
	void aRunNotOnATerminalLogsProgressPeriodicallyAgainstThePlannedTotalsOnStderr() throws Exception {
		this.events.insertSpread(SOURCES, 60, 40, 3);
		LocalDate before = nextCutoff();
		int expectedRows = this.events.rows(olderThan(before)).size();
		System.setProperty("flowbatch.progress-interval", "100ms");
		// Every upload held until a periodic line was logged: the run cannot end before one is, however fast it is.
		FaultyBlobStore.Pause uploads = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE);
		String log;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "webhook-archive", "before=" + before)) {
			long executionId = child.awaitExecutionId();
			uploads.awaitReached(Duration.ofSeconds(60));
			child.awaitLog("Progress: webhook-archive execution " + executionId + ": 0/", Duration.ofSeconds(60));
			TestS3.get().faults().reset();
			child.remainingStdout();
			assertThat(child.awaitExit(Duration.ofSeconds(120))).as(child.stderr()).isZero();
			log = child.stderr();
		}
		finally {
			System.clearProperty("flowbatch.progress-interval");
		}

		long partitions = this.events.manifest().size();
		String rows = String.format("%,d", expectedRows);
		// While held: the plan's totals, nothing done yet. At the end: all of it.
		assertThat(log).containsPattern("Progress: webhook-archive execution \\d+: 0/" + partitions + " partitions, 0/"
				+ rows + " rows \\(0%\\), 0\\.0 MB written");
		assertThat(log).containsPattern("Progress: webhook-archive execution \\d+: " + partitions + "/" + partitions
				+ " partitions, " + rows + "/" + rows + " rows \\(100%\\), \\d+\\.\\d MB written");
	}

	@Test
	void hostilePayloadsSourcesAndEventTypesSurviveTheRoundTrip() {
		LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusDays(60);
		StringBuilder deep = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			deep.append("{\"d\":");
		}
		deep.append("1").append("}".repeat(500));
		StringBuilder planes = new StringBuilder();
		for (int codePoint : new int[] { 0x41, 0xE9, 0x4E2D, 0x1F600, 0x20000, 0x30000, 0xE0041, 0xF0000, 0x10FFFD }) {
			planes.appendCodePoint(codePoint);
		}
		this.events.insert("github", "push", "{\"blob\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}", old);
		this.events.insert("github", "push", deep.toString(), old);
		this.events.insert("jira", "issue_updated", "{\"text\": \"" + planes + "\"}", old);
		this.events.insert("jira", "issue_updated", "{}", old);
		this.events.insert("git/lab=x", "push/tag=v1", "{\"a\": 1}", old);
		this.events.insert("with space", "event type", "{\"a\": 2}", old);
		this.events.insert("ünïcödé 中文", "événement", "{\"a\": 3}", old);
		LocalDate before = nextCutoff();
		List<Map<String, Object>> expected = this.events.rows(olderThan(before));

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + before);

		assertThat(run.exitCode()).as(run.toString()).isZero();
		Path archive = ArchiveReader.download(this.prefix);
		assertThat(ArchiveReader.query(archive, "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS))
			.isEqualTo(expected);
		// Each path segment source=... URL-decodes back to exactly the value stored in its rows.
		assertThat(ArchiveReader.query(archive, "webhook_events",
				"SELECT count(*) AS wrong FROM {files}"
						+ " WHERE url_decode(regexp_extract(filename, 'source=([^/]+)', 1)) <> source"))
			.containsExactly(Map.of("wrong", 0L));
		// The payload column is Parquet JSON: DuckDB reads it as its JSON type, and parses every value.
		assertThat(ArchiveReader.query(archive, "webhook_events",
				"SELECT DISTINCT typeof(payload) AS type, bool_and(json_valid(payload)) OVER () AS valid FROM {files}"))
			.containsExactly(Map.of("type", "JSON", "valid", true));
		assertThat(ArchiveReader.query(archive, "webhook_events",
				"SELECT payload ->> '$.text' AS text FROM {files} WHERE source = 'jira' AND (payload ->> '$.text') IS NOT NULL"))
			.containsExactly(Map.of("text", planes.toString()));
		assertThat(ArchiveReader.keys(this.prefix)).anyMatch((key) -> key.contains("/source=git%2Flab%3Dx/"))
			.anyMatch((key) -> key.contains("/source=with%20space/"));
		assertThat(this.events.count()).isZero();
	}

	@Test
	void unrecordedObjectsBesideTheKeyAreRemovedWhenThisDatabaseWroteThemAndLeftAloneOtherwise() {
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(10, 0);
		this.events.insert("github", "push", "{\"a\": 1}", old);
		this.events.insert("github", "push", "{\"a\": 2}", old.plusMinutes(5));
		List<Map<String, Object>> expected = this.events.rows("");
		String partition = this.prefix + "/webhook_events/source=github/received_month="
				+ java.time.YearMonth.from(old) + "/";
		String ours = partition + "events-1-999999.parquet";
		String foreign = partition + "copied-in-by-hand.parquet";
		CliRun claim = CliRun.of("namespace", "claim");
		assertThat(claim.exitCode()).as(claim.toString()).isZero();
		// An interrupted attempt of this database recorded its key before it uploaded (when the partition held more
		// rows); the other object is nobody's this database knows.
		JdbcClient.create(TestPostgres.get().dataSource())
			.sql("INSERT INTO archive_upload_attempts VALUES (?, 'webhook_events', 0, now())")
			.param(ours)
			.update();
		try (var s3 = TestS3.get().client()) {
			for (String key : List.of(ours, foreign)) {
				s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key),
						software.amazon.awssdk.core.sync.RequestBody.fromString("left beside the partition"));
			}
		}

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(ArchiveReader.keys(this.prefix)).doesNotContain(ours).contains(foreign);
		assertThat(this.events.count()).isZero();
	}

	@Test
	void archivedObjectsCarryBloomFiltersOnLookupIdsAndTruncatedStatistics() {
		LocalDateTime old = LocalDate.now(ZoneOffset.UTC).minusDays(60).atTime(10, 0);
		this.events.insert("github", "push", "{\"text\": \"" + "z".repeat(2_000) + "\"}", old);
		this.events.insert("github", "push", "{\"text\": \"" + "a".repeat(2_000) + "\"}", old.plusMinutes(1));

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isZero();
		Path archive = ArchiveReader.download(this.prefix);
		List<Map<String, Object>> columns = ArchiveReader.columnChunks(archive, "webhook_events");
		assertThat(columns).filteredOn((column) -> column.get("col").equals("delivery_id"))
			.singleElement()
			.satisfies((column) -> assertThat(column.get("bloom")).isEqualTo(true));
		// Two rows: the bloom filter is sized to them, not to its 256 KiB maximum.
		assertThat(this.events.manifest()).singleElement()
			.satisfies((object) -> assertThat((Long) object.get("byte_size")).isLessThan(8_192L));
		assertThat(columns).filteredOn((column) -> column.get("col").equals("payload"))
			.singleElement()
			.satisfies((column) -> {
				assertThat(column.get("bloom")).isEqualTo(false);
				assertThat(((Number) column.get("max_bytes")).longValue()).isBetween(1L, 64L);
			});
		// Truncated statistics still bound the values: a query on the payload reads the right rows.
		assertThat(ArchiveReader.query(archive, "webhook_events",
				"SELECT count(*) AS n FROM {files} WHERE payload::VARCHAR > '{\"text\": \"y'")).containsExactly(Map.of("n", 1L));
	}

	@Test
	void aDryRunReportsAndTouchesNothing() {
		this.events.insertSpread(SOURCES, 60, 40, 2);
		long total = this.events.count();
		LocalDate before = nextCutoff();

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + before, "dryRun=true");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).contains("dry run, nothing written or deleted: ");
		assertThat(this.events.count()).isEqualTo(total);
		assertThat(ArchiveReader.keys(this.prefix)).isEmpty();
		assertThat(this.events.manifest()).isEmpty();
	}

	@Test
	void badParametersAreRefusedAndTouchNothing() {
		this.events.insertSpread(SOURCES, 60, 1, 1);
		long total = this.events.count();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);

		List<CliRun> runs = List.of(CliRun.of("run", "webhook-archive", "olderThanDays=3"),
				CliRun.of("run", "webhook-archive", "before=" + today),
				CliRun.of("run", "webhook-archive", "before=someday"),
				CliRun.of("run", "webhook-archive", "dryRun=perhaps"),
				CliRun.of("run", "webhook-archive", "olderThanDays=-30"));

		assertThat(runs).allSatisfy((run) -> assertThat(run.exitCode()).as(run.toString()).isEqualTo(2));
		assertThat(runs.get(0).err()).contains("parameter 'olderThanDays' must be at least 7, got '3'");
		assertThat(runs.get(1).err()).contains("parameter 'before' must be at most today-7");
		assertThat(this.events.count()).isEqualTo(total);
		assertThat(ArchiveReader.keys(this.prefix)).isEmpty();
	}

	@Test
	void anUnreachableS3EndpointIsExitFourAndTouchesNothing() {
		this.events.insertSpread(SOURCES, 60, 40, 1);
		long total = this.events.count();
		System.setProperty("flowbatch.s3.endpoint", "http://127.0.0.1:1");

		CliRun run = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
		assertThat(run.err()).contains("is not reachable").contains("nothing was started");
		assertThat(this.events.count()).isEqualTo(total);
	}

	@Test
	void http500MidUploadFailsCleanlyAndARestartAfterTheFaultCompletes() {
		this.events.insertSpread(SOURCES, 60, 40, 2);
		LocalDate before = nextCutoff();
		List<Map<String, Object>> expected = this.events.rows(olderThan(before));
		// Two objects, then HTTP 500: the partitions are sources and months, at least three of them.
		TestS3.get().faults().failWritesAfter(2);

		CliRun failed = CliRun.of("run", "webhook-archive", "before=" + before);

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		// What was verified before the fault is gone from PostgreSQL and in the manifest; nothing else was deleted.
		List<Map<String, Object>> manifest = this.events.manifest();
		long deleted = manifest.stream().mapToLong((m) -> (Long) m.get("rows_deleted")).sum();
		assertThat(manifest).hasSizeLessThanOrEqualTo(2);
		assertThat(this.events.rows(olderThan(before))).hasSize(expected.size() - (int) deleted);

		TestS3.get().faults().reset();
		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(this.events.rows(olderThan(before))).isEmpty();
		assertThat(archivedRows()).isEqualTo(expected);
	}

	@Test
	void anObjectCorruptedBetweenUploadAndVerifyFailsTheJobAndDeletesNothingUnverified() {
		this.events.insertSpread(SOURCES, 60, 40, 2);
		LocalDate before = nextCutoff();
		List<Map<String, Object>> expected = this.events.rows(olderThan(before));
		TestS3.get().faults().corruptParquetReads(true);

		CliRun failed = CliRun.of("run", "webhook-archive", "before=" + before);

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(CliRun.of("status", String.valueOf(failed.executionId())).out()).containsAnyOf("does not match",
				"Parquet", "parquet");
		assertThat(this.events.rows(olderThan(before))).isEqualTo(expected);
		assertThat(this.events.manifest()).isEmpty();

		TestS3.get().faults().reset();
		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(archivedRows()).isEqualTo(expected);
	}

	private List<Map<String, Object>> archivedRows() {
		return ArchiveReader.query(ArchiveReader.download(this.prefix), "webhook_events",
				WebhookEventsFixture.ARCHIVED_ROWS);
	}

	private static LocalDate nextCutoff() {
		return LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement() % 20 + 20);
	}

	private static String olderThan(LocalDate before) {
		return "WHERE received_at < '" + before + "'";
	}

}
