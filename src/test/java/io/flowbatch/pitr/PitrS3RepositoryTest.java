package io.flowbatch.pitr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import io.flowbatch.testsupport.ArchivedPostgres;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TlsTestS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PITR jobs with the pgBackRest repository in S3: a cluster of this test's own archives its WAL with
 * {@code pgbackrest archive-push} into a bucket of an S3 server that speaks only HTTPS, and pgBackRest verifies the
 * server's certificate against the test's own CA ({@code repo1-storage-ca-file}, {@code repo1-storage-verify-tls=y}).
 * flowbatch needs nothing S3-specific: it runs pgBackRest with its configuration file.
 */
class PitrS3RepositoryTest {

	private static TlsTestS3 s3;

	private static PitrCluster pitr;

	@BeforeAll
	static void startArchivingToS3() throws Exception {
		s3 = TlsTestS3.start();
		pitr = PitrCluster.of(ArchivedPostgres.start((home) -> s3.pgBackRestRepository(home.resolve("s3-ca.pem"))));
		// Flyway creates the schema on the first run.
		CliRun backup = pitr.baseBackup("full");
		assertThat(backup.exitCode()).as(backup.toString()).isZero();
	}

	@AfterAll
	static void stop() throws Exception {
		if (pitr != null) {
			pitr.close();
		}
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void baseBackupAndArchiveCheckPassAgainstTheS3Repository() throws Exception {
		CliRun backup = pitr.baseBackup("diff");

		assertThat(backup.exitCode()).as(backup.toString()).isZero();
		String label = pitr.exitMessage(backup.executionId()).replaceFirst("(?s).*base backup (\\S+) .*", "$1");
		assertThat(label).matches("\\d{8}-\\d{6}F_\\d{8}-\\d{6}D");
		assertThat(s3.keys("pgbackrest/backup/flowbatch/" + label + "/")).contains(
				"pgbackrest/backup/flowbatch/" + label + "/backup.manifest");

		CliRun check = CliRun.of("run", "wal-archive-check");

		assertThat(check.exitCode()).as(check.toString()).isZero();
		assertThat(check.out()).contains("WAL archiving of stanza flowbatch is sound");
		Map<String, Object> recorded = pitr.jdbc()
			.sql("SELECT * FROM wal_archive_checks WHERE job_execution_id = ?")
			.param(check.executionId())
			.query()
			.singleRow();
		assertThat(recorded).containsEntry("passed", true).containsEntry("failure", null);
		// The segments the check found continuous are objects in the bucket, archived there by archive-push.
		String[] range = ((String) recorded.get("wal_range_checked")).split("\\.\\.");
		List<String> archived = s3.keys("pgbackrest/archive/flowbatch/");
		for (String segment : range) {
			assertThat(archived).anyMatch((key) -> key.contains("/" + segment + "-"));
		}
		assertThat(pitr.archived().repository()).isEmptyDirectory();
	}

	@Test
	void aDrillToATimeBetweenTwoMarkersRestoresFromS3ExactlyTheMarkersBeforeIt() throws Exception {
		assertThat(pitr.baseBackup("full").exitCode()).isZero();
		PitrCluster.MarkersAroundTarget markers = pitr.markersAroundATarget();

		CliRun drill = pitr.pitrTest("target=" + markers.target());

		assertThat(drill.exitCode()).as(drill.toString()).isZero();
		Map<String, Object> result = pitr.result(drill.executionId());
		assertThat(result).containsEntry("passed", true).containsEntry("last_marker_id", markers.second());
		assertThat((Integer) result.get("markers_found")).isEqualTo((Integer) result.get("markers_expected"));
		assertThat(((java.sql.Timestamp) result.get("recovered_to")).toInstant())
			.isBefore(markers.target().plusMillis(1));
		assertThat(s3.keys("pgbackrest/backup/flowbatch/" + result.get("backup_label") + "/")).isNotEmpty();
		assertThat(pitr.scratchLeftovers()).isEmpty();
	}

	@Test
	void aServerCertificateNotSignedByTheConfiguredCaFailsTheJobWithPgBackRestsError() throws Exception {
		Path config = pitr.archived().config();
		String tested = Files.readString(config);
		// Readable by pgBackRest's user, next to the configuration.
		Path otherCa = Files.copy(s3.otherCaCertificate(), config.resolveSibling("other-ca.pem"),
				StandardCopyOption.REPLACE_EXISTING);
		// pgBackRest retries until io-timeout: 1 s instead of 60
		Files.writeString(config, tested.replaceFirst("repo1-storage-ca-file=.*",
				"repo1-storage-ca-file=" + otherCa + "\nio-timeout=1"));
		try {
			CliRun backup = pitr.baseBackup("incr");

			assertThat(backup.exitCode()).as(backup.toString()).isEqualTo(1);
			// What failed, and why: pgBackRest's error line with its first cause.
			assertThat(pitr.exitMessage(backup.executionId())).contains("pgbackrest backup --type=incr failed:"
					+ " ERROR: [095]: unable to load info file '/pgbackrest/backup/flowbatch/backup.info'")
				.contains("unable to verify certificate presented by 'localhost:" + s3.port() + "'");
		}
		finally {
			Files.writeString(config, tested);
			// The archiver failed meanwhile: archiving works again.
			pitr.archived().pgbackrest("check");
		}
		assertThat(pitr.archived().pgbackrest("info")).contains("status: ok");
	}

}
