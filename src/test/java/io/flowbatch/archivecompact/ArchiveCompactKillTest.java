package io.flowbatch.archivecompact;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.FaultyBlobStore;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import static io.flowbatch.testsupport.Interruptions.killWhen;
import static io.flowbatch.testsupport.Interruptions.reached;
import static io.flowbatch.testsupport.Interruptions.recoverAndRestart;
import static io.flowbatch.testsupport.Interruptions.statementWaitingForLock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * archive-compact's JVM killed with SIGKILL while the staged object is uploaded, while it is read back, in the
 * transaction that records it in place of its inputs, and after the inputs were deleted and the copy made (before
 * the promotion commits); then {@code recover} and {@code restart} by execution id. Each time: every row exactly once
 * for a manifest reader and in archive-verify full=true, no input left, the foreign object untouched; and already at
 * the kill, before anyone recovers it, a manifest reader finds every row exactly once and a plain glob none twice.
 */
class ArchiveCompactKillTest {

	private final CompactionFixture archive = new CompactionFixture();

	private List<Map<String, Object>> before;

	private long rowsDeleted;

	private String foreign;

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
		this.before = this.archive.manifestRows();
		this.rowsDeleted = this.archive.manifestRowsDeleted();
		this.foreign = this.archive.prefix + "/webhook_events/source=github/received_month=" + this.archive.month
				+ "/someone-elses.parquet";
		try (var s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(this.foreign), RequestBody.fromString("not ours"));
		}
	}

	@AfterEach
	void restore() {
		TestS3.get().faults().reset();
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void killedWhileTheStagedObjectIsUploaded() throws Exception {
		FaultyBlobStore.Pause upload = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_WRITE, "/_staging/");
		long executionId = killWhen(reached(upload), "run", "archive-compact", this.archive.compactBefore(0));
		TestS3.get().faults().reset();
		assertReadersAtTheKill();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedWhileTheStagedObjectIsReadBack() throws Exception {
		FaultyBlobStore.Pause readBack = TestS3.get().faults().pauseOn(FaultyBlobStore.Operation.PARQUET_READ, "/_staging/");
		long executionId = killWhen(reached(readBack), "run", "archive-compact", this.archive.compactBefore(0));
		TestS3.get().faults().reset();
		assertReadersAtTheKill();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedInTheTransactionThatRecordsTheMergedObject() throws Exception {
		try (Connection locker = TestPostgres.get().dataSource().getConnection();
				Statement statement = locker.createStatement()) {
			locker.setAutoCommit(false);
			statement.execute("LOCK TABLE archive_manifest IN SHARE MODE");
			long executionId = killWhen(statementWaitingForLock("INSERT INTO archive_manifest"), "run",
					"archive-compact", this.archive.compactBefore(0));
			locker.rollback();
			assertReadersAtTheKill();

			recoverAndRestart(executionId);
		}

		assertEndStateOfAnUninterruptedRun();
	}

	@Test
	void killedAfterTheInputsWereDeletedAndTheCopyMade() throws Exception {
		// The copy's verification reads the final key: a compacted object in the partition itself (the staged one is
		// under _staging/, the inputs are events-...).
		FaultyBlobStore.Pause copyVerified = TestS3.get()
			.faults()
			.pauseOn(FaultyBlobStore.Operation.PARQUET_READ,
					"/webhook_events/source=github/received_month=" + this.archive.month + "/compacted-");
		long executionId = killWhen(reached(copyVerified), "run", "archive-compact", this.archive.compactBefore(0));
		TestS3.get().faults().reset();
		assertThat(this.archive.dataKeys()).as("killed with inputs deleted")
			.noneMatch((key) -> key.contains("/source=github/received_month=" + this.archive.month + "/events-"));
		assertReadersAtTheKill();

		recoverAndRestart(executionId);

		assertEndStateOfAnUninterruptedRun();
	}

	/**
	 * The moment the JVM died, before anyone recovers it: a manifest reader finds every row exactly once (each object
	 * the manifest lists exists), and a plain glob counts no row twice (it may count fewer, docs/archive.md).
	 */
	private void assertReadersAtTheKill() throws Exception {
		assertThat(this.archive.manifestRows()).as("at the kill, every row exactly once for a manifest reader")
			.isEqualTo(this.before);
		List<Map<String, Object>> glob = this.archive.globRows(downloadedWithoutTheForeignObject());
		assertThat(glob).as("at the kill, a plain glob counts no row twice").doesNotHaveDuplicates().isSubsetOf(this.before);
	}

	private java.nio.file.Path downloadedWithoutTheForeignObject() throws java.io.IOException {
		var downloaded = ArchiveReader.download(this.archive.prefix);
		java.nio.file.Files.delete(downloaded.resolve(this.foreign.substring(this.archive.prefix.length() + 1)));
		return downloaded;
	}

	private void assertEndStateOfAnUninterruptedRun() throws Exception {
		List<String> manifest = this.archive.manifestKeys();
		assertThat(manifest).hasSize(4)
			.allSatisfy((key) -> assertThat(key).contains("/received_month=").contains("/compacted-"));
		assertThat(this.archive.manifestRows()).as("every row exactly once for a manifest reader").isEqualTo(this.before);
		assertThat(this.archive.manifestRowsDeleted()).isEqualTo(this.rowsDeleted);
		assertThat(this.archive.dataKeys()).as("no input left, the foreign object kept")
			.containsExactlyInAnyOrderElementsOf(
					java.util.stream.Stream.concat(manifest.stream(), java.util.stream.Stream.of(this.foreign)).toList());
		assertThat(this.archive.globRows(downloadedWithoutTheForeignObject())).as("every row exactly once for a plain glob")
			.isEqualTo(this.before);
		CliRun verify = this.archive.verifyFully(0);
		assertThat(verify.exitCode()).as(verify.toString()).isZero();
	}

}
