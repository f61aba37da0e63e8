package io.flowbatch.archivecompact;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
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
