package io.flowbatch.pitr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flowbatch.devtools.embedded.LocalPostgresServer;
import io.flowbatch.testsupport.ArchivedPostgres;
import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * base-backup, wal-archive-check and pitr-test against a real PostgreSQL cluster of this test's own that archives
 * its WAL with pgBackRest into a posix repository, and real drills that restore it to a point in time.
 */
class PitrJobsTest {

	private static PitrCluster pitr;

	private static ArchivedPostgres cluster;

	private static JdbcClient jdbc;

	@BeforeAll
	static void startArchivedCluster() throws Exception {
		pitr = PitrCluster.of(ArchivedPostgres.start());
		cluster = pitr.archived();
		jdbc = pitr.jdbc();
		// Flyway creates the schema on the first run.
		CliRun backup = pitr.baseBackup("full");
		assertThat(backup.exitCode()).as(backup.toString()).isZero();
	}

	@AfterAll
	static void stopArchivedCluster() {
		if (pitr != null) {
			pitr.close();
		}
	}

	@AfterEach
	void restoreSettings() {
		System.clearProperty("flowbatch.pitr.rpo");
		System.setProperty("flowbatch.pitr.stanza", ArchivedPostgres.STANZA);
		System.clearProperty("flowbatch.pitr.pgbackrest");
		System.clearProperty("flowbatch.pitr.validation-username");
		System.clearProperty("flowbatch.pitr.validation-password");
		System.clearProperty("flowbatch.pitr.server-bin-dir");
	}

	@Test
	void aBaseBackupIsRecordedWithItsLabelAndTheArchiveCheckPasses() throws Exception {
		CliRun backup = pitr.baseBackup("diff");

		assertThat(backup.exitCode()).as(backup.toString()).isZero();
		assertThat(backup.out()).containsPattern("base backup \\d{8}-\\d{6}F_\\d{8}-\\d{6}D \\(diff\\) of stanza flowbatch");
		String label = pitr.exitMessage(backup.executionId()).replaceFirst("(?s).*base backup (\\S+) .*", "$1");
		assertThat(cluster.pgbackrest("info")).contains("diff backup: " + label);

		CliRun check = CliRun.of("run", "wal-archive-check");

		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).contains("WAL archiving of stanza flowbatch is sound");
		Map<String, Object> recorded = jdbc.sql("SELECT * FROM wal_archive_checks WHERE job_execution_id = ?")
			.param(check.executionId())
			.query()
			.singleRow();
		assertThat(recorded).containsEntry("passed", true).containsEntry("failure", null);
		assertThat((String) recorded.get("wal_range_checked")).matches("[0-9A-F]{24}\\.\\.[0-9A-F]{24}");
		assertThat(jdbc.sql("SELECT count(*) FROM pitr_markers WHERE job_execution_id = ?")
			.param(check.executionId())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aStoppedArchiverFailsTheCheckOnTheRpo() throws Exception {
		// The repository refuses the archiver's writes (a full disk, a lost mount, revoked credentials).
		Path archive = cluster.repository().resolve("archive").resolve(ArchivedPostgres.STANZA);
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(archive);
		Files.setPosixFilePermissions(archive, Set.of());
		try {
			long failedBefore = failedCount();
			cluster.execute("flowbatch", "CREATE TABLE IF NOT EXISTS rpo_probe (n int); INSERT INTO rpo_probe VALUES (1)");
			cluster.execute("postgres", "SELECT pg_switch_wal()");
			for (int n = 0; n < 100 && failedCount() == failedBefore; n++) {
				Thread.sleep(100);
			}
			cluster.execute("flowbatch", "INSERT INTO rpo_probe VALUES (2)");
			System.setProperty("flowbatch.pitr.rpo", "1s");
			Thread.sleep(1_500);

			CliRun check = CliRun.of("run", "wal-archive-check");

			assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
			String failure = jdbc.sql("SELECT failure FROM wal_archive_checks WHERE job_execution_id = ?")
				.param(check.executionId())
				.query(String.class)
				.single();
			assertThat(failure).contains("RPO exceeded: WAL written after").contains("the RPO is 1 s")
				.contains("archive_command is failing").contains("pgbackrest check failed: ERROR: [");
			assertThat(pitr.exitMessage(check.executionId())).contains("RPO exceeded");
		}
		finally {
			Files.setPosixFilePermissions(archive, permissions);
			cluster.pgbackrest("check");
		}
	}

	@Test
	void aWalSegmentMissingFromTheRepositoryFailsTheCheckAndTheDrillNamingIt() throws Exception {
		assertThat(pitr.baseBackup("full").exitCode()).isZero();
		for (int n = 0; n < 3; n++) {
			cluster.execute("flowbatch", "INSERT INTO teams (id, name) VALUES ('gap-" + PitrCluster.nextRerun()
					+ "', 'Gap')");
			cluster.pgbackrest("check");
		}
		List<Path> segments = cluster.archivedSegments();
		Path removed = segments.get(segments.size() - 2);
		String segment = removed.getFileName().toString().substring(0, 24);
		Files.delete(removed);
		try {
			CliRun check = CliRun.of("run", "wal-archive-check");

			assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
			assertThat(pitr.exitMessage(check.executionId())).contains("WAL gap: segment " + segment + " is missing");

			CliRun drill = pitr.pitrTest();

			assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
			assertThat((String) pitr.result(drill.executionId()).get("failure")).contains("WAL gap: segment " + segment
					+ " is missing");
			assertThat(pitr.result(drill.executionId())).containsEntry("passed", false);
			assertThat(pitr.scratchLeftovers()).isEmpty();
		}
		finally {
			// A new full backup starts after the gap: later recoveries do not need the lost segment.
			assertThat(pitr.baseBackup("full").exitCode()).isZero();
		}
	}

	@Test
	void aDrillToATimeBetweenTwoMarkersRestoresExactlyTheMarkersBeforeIt() throws Exception {
		assertThat(pitr.baseBackup("full").exitCode()).isZero();
		PitrCluster.MarkersAroundTarget markers = pitr.markersAroundATarget();
		Instant target = markers.target();

		CliRun drill = pitr.pitrTest("target=" + target);

		assertThat(drill.exitCode()).as(drill.toString()).isZero();
		assertThat(drill.out()).contains("pitr-test of stanza flowbatch passed").contains("RTO");
		Map<String, Object> result = pitr.result(drill.executionId());
		assertThat(result).containsEntry("passed", true).containsEntry("last_marker_id", markers.second());
		// Every table's count was the same at the second and third marker: all of them checked exactly.
		assertThat(result).containsEntry("tables_checked", 5);
		assertThat((Integer) result.get("markers_found")).isEqualTo((Integer) result.get("markers_expected"));
		assertThat(((java.sql.Timestamp) result.get("recovered_to")).toInstant()).isBefore(target.plusMillis(1));
		assertThat((Double) result.get("rto_seconds")).isPositive();
		// Without flowbatch.pitr.validation-username: the application's user, here a superuser, and the report says so.
		assertThat(result).containsEntry("validated_as", "postgres").containsEntry("validated_as_superuser", true);
		assertThat(pitr.scratchLeftovers()).isEmpty();
	}

	@Test
	void aDrillValidatesTheCopyAsTheDedicatedRoleWithOnlyTheRightsItGrants() throws Exception {
		// Roles of production are roles of the copy: created before the drill's target, they are in it.
		cluster.execute("postgres", "DROP ROLE IF EXISTS flowbatch_pitr; DROP ROLE IF EXISTS flowbatch_pitr_unread;"
				+ " CREATE ROLE flowbatch_pitr LOGIN PASSWORD 'drill-secret' IN ROLE pg_read_all_data;"
				+ " CREATE ROLE flowbatch_pitr_unread LOGIN PASSWORD 'drill-secret'");
		System.setProperty("flowbatch.pitr.validation-password", "drill-secret");
		System.setProperty("flowbatch.pitr.validation-username", "flowbatch_pitr_unread");

		CliRun unread = pitr.pitrTest();

		assertThat(unread.exitCode()).as(unread.toString()).isEqualTo(1);
		assertThat(pitr.result(unread.executionId())).containsEntry("passed", false)
			.containsEntry("validated_as", "flowbatch_pitr_unread")
			.containsEntry("validated_as_superuser", false);
		assertThat((String) pitr.result(unread.executionId()).get("failure"))
			.contains("validating the copy as role flowbatch_pitr_unread failed")
			.contains("permission denied for table pitr_markers");
		assertThat(pitr.scratchLeftovers()).isEmpty();

		System.setProperty("flowbatch.pitr.validation-username", "flowbatch_pitr");

		CliRun drill = pitr.pitrTest();

		assertThat(drill.exitCode()).as(drill.toString()).isZero();
		assertThat(drill.out()).contains("validated as flowbatch_pitr (not a superuser)");
		assertThat(pitr.result(drill.executionId())).containsEntry("passed", true)
			.containsEntry("validated_as", "flowbatch_pitr")
			.containsEntry("validated_as_superuser", false)
			.containsEntry("tables_checked", 5);

		System.setProperty("flowbatch.pitr.validation-password", "wrong");

		CliRun wrongPassword = pitr.pitrTest();

		assertThat(wrongPassword.exitCode()).as(wrongPassword.toString()).isEqualTo(1);
		assertThat((String) pitr.result(wrongPassword.executionId()).get("failure"))
			.contains("password authentication failed for user \"flowbatch_pitr\"");
		assertThat(pitr.scratchLeftovers()).isEmpty();
	}

	@Test
	void aRecoveryLongerThanPgCtlsOwnWaitStillPasses(@TempDir Path binaries) throws Exception {
		// pg_ctl start gives up after PGCTLTIMEOUT (60 s) while a copy with hot standby off still recovers; this
		// pg_ctl starts with no patience at all, so every recovery outlasts its wait.
		Path realPgCtl = LocalPostgresServer.machineBinaries().orElseThrow().resolve("pg_ctl");
		Path pgCtl = binaries.resolve("pg_ctl");
		Files.writeString(pgCtl, "#!/bin/sh\ncase \" $* \" in *\" start \"*) export PGCTLTIMEOUT=0 ;; esac\nexec "
				+ realPgCtl + " \"$@\"\n");
		Files.setPosixFilePermissions(pgCtl, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxr-xr-x"));
		System.setProperty("flowbatch.pitr.server-bin-dir", binaries.toString());

		CliRun drill = pitr.pitrTest();

		assertThat(drill.exitCode()).as(drill.toString()).isZero();
		assertThat(pitr.result(drill.executionId())).containsEntry("passed", true);
		assertThat(pitr.scratchLeftovers()).isEmpty();
	}

	@Test
	void aDrillKilledWhileItsScratchClusterRunsLeavesNothingAfterTheNextDrill() throws Exception {
		long pid;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "pitr-test", "rerun=" + PitrCluster.nextRerun())) {
			child.awaitExecutionId();
			Path pidFile = awaitScratchServer(Duration.ofMinutes(2));
			pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
			child.kill();
		}
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the killed drill's server").contains(true);
		assertThat(pitr.scratchLeftovers()).isNotEmpty();

		CliRun next = pitr.pitrTest();

		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(pitr.scratchLeftovers()).isEmpty();
		awaitGone(pid);
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the killed drill's server")
			.isFalse();
	}

	@Test
	void aMissingStanzaOrPgBackRestIsRefusedBeforeAnythingStarts() {
		System.setProperty("flowbatch.pitr.stanza", "no-such-stanza");
		CliRun missingStanza = CliRun.of("run", "wal-archive-check");
		assertThat(missingStanza.exitCode()).as(missingStanza.toString()).isEqualTo(2);
		assertThat(missingStanza.err()).contains("pgBackRest stanza 'no-such-stanza' does not exist")
			.contains("nothing was started");

		System.setProperty("flowbatch.pitr.stanza", ArchivedPostgres.STANZA);
		System.setProperty("flowbatch.pitr.pgbackrest", "/nonexistent/pgbackrest");
		CliRun missingTool = CliRun.of("run", "pitr-test", "rerun=" + PitrCluster.nextRerun());
		assertThat(missingTool.exitCode()).as(missingTool.toString()).isEqualTo(2);
		assertThat(missingTool.err()).contains("pgbackrest").contains("nothing was started");

		CliRun badTarget = CliRun.of("run", "pitr-test", "target=yesterday-ish");
		assertThat(badTarget.exitCode()).as(badTarget.toString()).isEqualTo(2);
	}

	private static long failedCount() {
		return jdbc.sql("SELECT failed_count FROM pg_stat_archiver").query(Long.class).single();
	}

	private static Path awaitScratchServer(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			for (Path drill : pitr.scratchLeftovers()) {
				Path pidFile = drill.resolve("data/postmaster.pid");
				if (Files.exists(pidFile) && !Files.readAllLines(pidFile).isEmpty()) {
					return pidFile;
				}
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("no scratch cluster started within " + timeout);
	}

	private static void awaitGone(long pid) throws InterruptedException {
		for (int n = 0; n < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); n++) {
			Thread.sleep(100);
		}
	}

}
