package io.flowbatch.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import io.flowbatch.testsupport.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** backup-verify on real backups, damaged in the ways backups get damaged; each failure names its check. */
class BackupVerifyJobTest {

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	private String prefix;

	private String dumpKey;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
	}

	@BeforeEach
	void takeABackup() {
		this.prefix = "verify-" + UUID.randomUUID();
		this.dumpKey = BackupFixture.takeBackup(this.prefix, RERUN.incrementAndGet());
	}

	@AfterEach
	void restore() {
		System.clearProperty("flowbatch.s3.prefix");
		System.clearProperty("flowbatch.backup.rpo");
		System.clearProperty("flowbatch.backup.manifest-hmac-key");
	}

	@Test
	void anIntactFreshBackupIsVerified() {
		CliRun verify = verify("latest");

		assertThat(verify.exitCode()).as(verify.toString()).isZero();
		assertThat(verify.out()).contains("verified: size, SHA-256, globals, full read");
		assertThat(timesRecordedVerified()).as("rows in backup_verifications").isOne();
	}

	@Test
	void aFlippedByteFailsTheChecksumCheck() throws Exception {
		byte[] dump = download();
		dump[dump.length / 2] ^= 1;
		upload(this.dumpKey, dump);

		assertFailsWith(verify("latest"), "checksum check failed");
	}

	@Test
	void aTruncatedDumpFailsTheSizeCheck() throws Exception {
		byte[] dump = download();
		upload(this.dumpKey, java.util.Arrays.copyOf(dump, dump.length / 2));

		assertFailsWith(verify("latest"), "size check failed");
	}

	@Test
	void aDeletedManifestFailsTheManifestCheck() {
		try (S3Client s3 = TestS3.get().client()) {
			s3.deleteObject((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey + ".manifest.json"));
		}

		assertFailsWith(verify(relative(this.dumpKey)), "manifest check failed");
	}

	@Test
	void anotherDatabasesDumpFailsTheSizeOrChecksumCheck() throws Exception {
		Path other = Files.createTempFile("other-db", ".dump");
		Process dump = new ProcessBuilder(
				TestPostgres.get().clientCommand("postgres", List.of("pg_dump", "-Fc", "-f", other.toString())))
			.redirectErrorStream(true)
			.start();
		assertThat(dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0).isTrue();
		upload(this.dumpKey, Files.readAllBytes(other));
		Files.delete(other);

		CliRun verify = verify("latest");

		assertThat(verify.exitCode()).isEqualTo(1);
		assertThat(verify.out()).containsAnyOf("size check failed", "checksum check failed");
	}

	@Test
	void aCorruptDumpWhoseManifestWasRewrittenFailsTheFullReadCheck() throws Exception {
		byte[] dump = download();
		byte[] truncated = java.util.Arrays.copyOf(dump, dump.length * 2 / 3);
		upload(this.dumpKey, truncated);
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(truncated));
		try (S3Client s3 = TestS3.get().client()) {
			String manifest = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey + ".manifest.json"))
				.asUtf8String()
				.replaceFirst("\"size\" : \\d+", "\"size\" : " + truncated.length)
				.replaceFirst("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + sha256 + "\"");
			upload(this.dumpKey + ".manifest.json", manifest.getBytes());
		}

		assertFailsWith(verify("latest"), "full read check failed");
	}

	@Test
	void theGlobalsAreCheckedLikeTheDump() {
		upload(this.dumpKey + ".globals.sql", "CREATE ROLE intruder SUPERUSER;\n".getBytes());

		assertFailsWith(verify("latest"), "globals check failed");
	}

	@Test
	void withAManifestKeyADumpAndManifestChangedWithoutTheKeyFailVerificationAndAreNeverRestored() throws Exception {
		System.setProperty("flowbatch.backup.manifest-hmac-key", "held outside the bucket");
		this.prefix = "verify-signed-" + UUID.randomUUID();
		this.dumpKey = BackupFixture.takeBackup(this.prefix, RERUN.incrementAndGet());
		CliRun intact = verify("latest");
		assertThat(intact.exitCode()).as(intact.toString()).isZero();
		// Changed consistently, as someone who can write the bucket would: the checksums match, the signature cannot.
		byte[] dump = download();
		dump[dump.length / 2] ^= 1;
		upload(this.dumpKey, dump);
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dump));
		try (S3Client s3 = TestS3.get().client()) {
			String manifest = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey + ".manifest.json"))
				.asUtf8String()
				.replaceFirst("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + sha256 + "\"");
			upload(this.dumpKey + ".manifest.json", manifest.getBytes());
		}

		CliRun verify = verify("latest");
		CliRun restore = CliRun.of("run", "restore-test", "rerun=" + RERUN.incrementAndGet());

		assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
		assertThat(verify.out()).contains("signature check failed").contains("HMAC does not match");
		assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(1);
		assertThat(restore.out()).contains("signature check failed");
		JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		assertThat(jdbc.sql("SELECT backup_key = ? AND NOT passed AND restore_seconds IS NULL FROM restore_test_results"
				+ " WHERE job_execution_id = ?")
			.params(this.dumpKey, restore.executionId())
			.query(Boolean.class)
			.single()).as("the refused backup recorded, nothing restored").isTrue();
		assertThat(jdbc.sql("SELECT count(*) FROM backup_verifications WHERE backup_key = ?")
			.param(this.dumpKey)
			.query(Long.class)
			.single()).as("verified once, before the change").isOne();
	}

	@Test
	void withAManifestKeyAnUnsignedBackupIsNotTrusted() {
		System.setProperty("flowbatch.backup.manifest-hmac-key", "held outside the bucket");

		assertFailsWith(verify("latest"), "signature check failed");
	}

	@Test
	void aBackupOlderThanTheRpoFailsTheFreshnessCheck() {
		System.setProperty("flowbatch.backup.rpo", "0s");

		CliRun verify = verify("latest");

		assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
		assertThat(verify.out()).contains("freshness check failed");
		assertThat(timesRecordedVerified()).as("an old backup can be intact: recorded verified").isOne();
	}

	@Test
	void anUnknownBackupKeyIsRefusedBeforeAnythingRuns() {
		CliRun verify = verify("backups/flowbatch/no-such.dump");

		assertThat(verify.exitCode()).isEqualTo(2);
		assertThat(verify.err()).contains("unknown backup 'backups/flowbatch/no-such.dump'");
	}

	private void assertFailsWith(CliRun verify, String check) {
		assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
		assertThat(verify.out()).contains(check);
		assertThat(timesRecordedVerified()).as("rows in backup_verifications").isZero();
	}

	private long timesRecordedVerified() {
		return JdbcClient.create(TestPostgres.get().dataSource())
			.sql("SELECT count(*) FROM backup_verifications WHERE backup_key = ?")
			.param(this.dumpKey)
			.query(Long.class)
			.single();
	}

	private static CliRun verify(String backup) {
		return CliRun.of("run", "backup-verify", "backup=" + backup, "rerun=" + RERUN.incrementAndGet());
	}

	private String relative(String key) {
		return key.substring(this.prefix.length() + 1);
	}

	private byte[] download() {
		try (S3Client s3 = TestS3.get().client()) {
			return s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey)).asByteArray();
		}
	}

	private static void upload(String key, byte[] content) {
		try (S3Client s3 = TestS3.get().client()) {
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(key), RequestBody.fromBytes(content));
		}
	}

}
