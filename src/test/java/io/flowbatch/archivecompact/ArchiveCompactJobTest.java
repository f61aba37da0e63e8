package io.flowbatch.archivecompact;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * archive-compact against the real PostgreSQL and S3 server: a month's objects become one verified object per
 * partition, objects of the former day layout move to their month partition, every row stays exactly once for a
 * manifest reader and for a plain glob, archive-verify full=true passes, and nothing this database did not write is
 * touched.
 */
class ArchiveCompactJobTest {

	private final CompactionFixture archive = new CompactionFixture();

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
	}

	@BeforeEach
	void archive() {
		this.archive.clear();
		System.setProperty("flowbatch.s3.prefix", this.archive.prefix);
		this.archive.archiveInThreeRuns();
		this.archive.writeDayLayoutObjects();
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void mergesEachMonthPartitionIntoOneVerifiedObjectAndMovesDayObjectsToTheirMonth() throws Exception {
		List<Map<String, Object>> before = this.archive.manifestRows();
		long rowsDeleted = this.archive.manifestRowsDeleted();
		assertThat(this.archive.manifestKeys()).hasSize(2 * 3 + 2 * 2);
		String foreign = this.archive.prefix + "/webhook_events/source=github/received_month=" + this.archive.month
				+ "/someone-elses.parquet";
		try (var s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(foreign), RequestBody.fromString("not ours"));
		}

		CliRun run = CliRun.of("run", "archive-compact", this.archive.compactBefore(0));

		assertThat(run.exitCode()).as(run.toString()).isZero();
		List<String> manifest = this.archive.manifestKeys();
		assertThat(manifest).hasSize(4)
			.allSatisfy((key) -> assertThat(key).contains("/received_month=").contains("/compacted-"));
		assertThat(this.archive.manifestRows()).isEqualTo(before);
		assertThat(this.archive.manifestRowsDeleted()).isEqualTo(rowsDeleted);
		assertThat(this.archive.dataKeys()).containsExactlyInAnyOrderElementsOf(
				java.util.stream.Stream.concat(manifest.stream(), java.util.stream.Stream.of(foreign)).toList());
		Path downloaded = ArchiveReader.download(this.archive.prefix);
		java.nio.file.Files.deleteIfExists(downloaded.resolve(foreign.substring(this.archive.prefix.length() + 1)));
		assertThat(this.archive.globRows(downloaded)).as("a plain glob counts every row once").isEqualTo(before);
		assertThat(ArchiveReader.query(downloaded, "SELECT count(*) AS wrong FROM read_parquet('" + downloaded
				+ "/webhook_events/*/*/*.parquet', hive_partitioning = true) WHERE received_date <>"
				+ " CAST(received_at AT TIME ZONE 'UTC' AS DATE) OR strftime(received_date, '%Y-%m') <> received_month"))
			.containsExactly(Map.of("wrong", 0L));
		assertThat(ArchiveReader.query(downloaded, "SELECT DISTINCT typeof(payload) AS type FROM read_parquet('"
				+ downloaded + "/webhook_events/*/*/*.parquet')"))
			.as("the JSON logical type survives the merge").containsExactly(Map.of("type", "JSON"));
		CliRun verify = this.archive.verifyFully(0);
		assertThat(verify.exitCode()).as(verify.toString()).isZero();
		assertThat(ArchiveReader.keys(this.archive.prefix + "/webhook_events/_staging/")).as("kept for a grace period")
			.hasSize(4);

		CliRun next = CliRun.of("run", "archive-compact", this.archive.compactBefore(1));

		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(ArchiveReader.keys(this.archive.prefix + "/webhook_events/_staging/")).isEmpty();
		assertThat(this.archive.manifestKeys()).isEqualTo(manifest);
		assertThat(ArchiveReader.keys(this.archive.prefix + "/webhook_events/_manifests/current.json")).hasSize(1);
	}

	@Test
	void aStagedObjectChangedBeforeItsVerificationFailsTheRunLeavesReadersTheInputsAndARestartCompletes()
			throws Exception {
		List<Map<String, Object>> before = this.archive.manifestRows();
		List<String> inputs = this.archive.manifestKeys();
		List<String> dataKeys = this.archive.dataKeys();
		List<String> published = this.archive.currentManifestKeys();
		FaultyBlobStore.Pause readBack = TestS3.get()
			.faults()
			.pauseOn(FaultyBlobStore.Operation.PARQUET_READ, "/webhook_events/_staging/");
		CompletableFuture<CliRun> running = CompletableFuture
			.supplyAsync(() -> CliRun.of("run", "archive-compact", this.archive.compactBefore(0)));
		String staged;
		try {
			readBack.awaitReached(Duration.ofSeconds(60));
			// Uploaded, not yet read back: the object at the staged key becomes another (an input's bytes).
			List<String> stagedKeys = ArchiveReader.keys(this.archive.prefix + "/webhook_events/_staging/");
			assertThat(stagedKeys).hasSize(1);
			staged = stagedKeys.get(0);
			try (var s3 = TestS3.get().client()) {
				byte[] other = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(inputs.get(0))).asByteArray();
				s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(staged), RequestBody.fromBytes(other));
			}
		}
		finally {
			TestS3.get().faults().reset();
		}
		CliRun failed = running.get(120, TimeUnit.SECONDS);

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(failed.out()).contains("staged object " + staged + " read back is not the bytes written");
		assertThat(this.archive.manifestKeys()).as("every input still in the manifest").isEqualTo(inputs);
		assertThat(this.archive.dataKeys()).as("every input still in S3, no merged object beside them")
			.isEqualTo(dataKeys);
		assertThat(this.archive.currentManifestKeys()).as("current.json as it was").isNotEmpty().isEqualTo(published);
		assertThat(this.archive.manifestRows()).as("every row once for a manifest reader").isEqualTo(before);
		assertThat(this.archive.globRows(ArchiveReader.download(this.archive.prefix)))
			.as("every row once for a plain glob")
			.isEqualTo(before);

		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		List<String> manifest = this.archive.manifestKeys();
		assertThat(manifest).hasSize(4)
			.allSatisfy((key) -> assertThat(key).contains("/received_month=").contains("/compacted-"));
		assertThat(this.archive.currentManifestKeys()).containsExactlyInAnyOrderElementsOf(manifest);
		assertThat(this.archive.dataKeys()).containsExactlyInAnyOrderElementsOf(manifest);
		assertThat(this.archive.manifestRows()).isEqualTo(before);
		assertThat(this.archive.globRows(ArchiveReader.download(this.archive.prefix))).isEqualTo(before);
		CliRun verify = this.archive.verifyFully(0);
		assertThat(verify.exitCode()).as(verify.toString()).isZero();
	}

	@Test
	void dryRunListsTheGroupsAndChangesNothing() {
		List<String> manifest = this.archive.manifestKeys();
		List<String> keys = ArchiveReader.keys(this.archive.prefix);

		CliRun run = CliRun.of("run", "archive-compact", "dryRun=true", this.archive.compactBefore(0));

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out() + run.err()).contains("4 groups of 10 objects");
		assertThat(this.archive.manifestKeys()).isEqualTo(manifest);
		assertThat(ArchiveReader.keys(this.archive.prefix)).isEqualTo(keys);
	}

	@Test
	void badParametersAreRefusedWithExitTwoAndTouchNothing() {
		List<String> manifest = this.archive.manifestKeys();
		List<String> keys = ArchiveReader.keys(this.archive.prefix);

		for (String[] arguments : new String[][] { { "dataset=webhooks" }, { "before=tomorrow" },
				{ "olderThanDays=0" }, { "dataset=flow_items,nope" } }) {
			CliRun run = CliRun.of(java.util.stream.Stream.concat(java.util.stream.Stream.of("run", "archive-compact"),
					java.util.Arrays.stream(arguments)).toArray(String[]::new));
			assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
		}

		assertThat(this.archive.manifestKeys()).isEqualTo(manifest);
		assertThat(ArchiveReader.keys(this.archive.prefix)).isEqualTo(keys);
		// Refused before the S3 namespace is even claimed.
		String unclaimed = "unclaimed-" + java.util.UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", unclaimed);
		CliRun refused = CliRun.of("run", "archive-compact", "dataset=webhooks");
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
		assertThat(refused.err()).contains("dataset must be all or some of");
		assertThat(ArchiveReader.keys(unclaimed)).isEmpty();
	}

}
