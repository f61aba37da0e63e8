package io.flowbatch.backup;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.flowbatch.sql.SqlFiles;
import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.ChildFlowbatch;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** restore-test with the real pg_restore into real scratch databases. */
class RestoreTestJobTest {

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	private static JdbcClient jdbc;

	private String prefix;

	private String dumpKey;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void takeABackup() {
		this.prefix = "restore-" + UUID.randomUUID();
		jdbc.sql("TRUNCATE teams, flow_items CASCADE").update();
		jdbc.sql("INSERT INTO teams (id, name) SELECT 'team-' || n, 'Team ' || n FROM generate_series(1, 25) n").update();
		this.dumpKey = BackupFixture.takeBackup(this.prefix, RERUN.incrementAndGet());
	}

	@AfterEach
	void restore() {
		System.clearProperty("flowbatch.s3.prefix");
		System.clearProperty("flowbatch.restore.rto-target");
	}

	@Test
	void aBackupRestoresValidatesAndIsRecordedWithItsRto() {
		CliRun test = restoreTest();

		assertThat(test.exitCode()).as(test.toString()).isZero();
		assertThat(test.out()).contains("restore test of").contains("passed").contains("RTO");
		Map<String, Object> result = result(test.executionId());
		assertThat(result).containsEntry("passed", true).containsEntry("backup_key", this.dumpKey);
		assertThat((Double) result.get("rto_seconds")).isPositive();
		assertThat((Integer) result.get("tables_checked")).isGreaterThan(5);
		assertThat(scratchDatabases()).isEmpty();
	}

	@Test
	void aPgRestoreErrorFailsTheTestWithItsFirstErrorLine() {
		// A backup taken before globals were stored next to the dump: a GRANT to a role dropped since is a real
		// pg_restore error, which --no-owner does not avoid.
		String role = "flowbatch_restore_probe_" + RERUN.incrementAndGet();
		String dumpKey = backupWithARoleDroppedSince(role, "GRANT SELECT ON teams TO %s", "REVOKE ALL ON teams FROM %s");
		rewriteManifest(dumpKey, (manifest) -> manifest.remove("globals"));

		CliRun test = restoreTest();

		String firstErrorLine = "pg_restore: error: could not execute query: ERROR:  role \"" + role
				+ "\" does not exist";
		assertThat(test.exitCode()).as(test.toString()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT exit_message FROM batch_job_execution WHERE job_execution_id = ?")
			.param(test.executionId())
			.query(String.class)
			.single()).contains("pg_restore failed: " + firstErrorLine);
		Map<String, Object> result = result(test.executionId());
		assertThat(result).containsEntry("passed", false).containsEntry("failure", "pg_restore failed: " + firstErrorLine);
		assertThat(scratchDatabases()).isEmpty();
	}

	@Test
	void aRoleThatOwnsATableAndWasDroppedSinceTheBackupIsCreatedFromTheGlobalsAndDroppedWithTheScratchDatabase() {
		String role = "flowbatch_restore_owner_" + RERUN.incrementAndGet();
		backupWithARoleDroppedSince(role, "CREATE TABLE restore_owned_report (id INTEGER PRIMARY KEY);"
				+ " INSERT INTO restore_owned_report VALUES (1), (2); ALTER TABLE restore_owned_report OWNER TO %s;"
				+ " GRANT SELECT ON teams TO %1$s", "DROP TABLE restore_owned_report; REVOKE ALL ON teams FROM %s");

		CliRun kept = restoreTest("keep=true");

		assertThat(kept.exitCode()).as(kept.toString()).isZero();
		assertThat(kept.out()).contains("1 roles created from the globals");
		JdbcClient copy = JdbcClient.create(TestPostgres.get().dataSource("flowbatch~restore~" + kept.executionId()));
		assertThat(copy.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'restore_owned_report'")
			.query(String.class)
			.single()).isEqualTo(role);
		assertThat(copy.sql("SELECT has_table_privilege(?, 'teams', 'SELECT')").param(role).query(Boolean.class).single())
			.isTrue();
		assertThat(copy.sql("SELECT count(*) FROM restore_owned_report").query(Long.class).single()).isEqualTo(2);
		assertThat(jdbc.sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?").param(role).query(Boolean.class)
			.single()).as("created without login").isFalse();

		CliRun next = restoreTest();

		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(scratchDatabases()).isEmpty();
		assertThat(jdbc.sql("SELECT count(*) FROM pg_roles WHERE rolname = ?").param(role).query(Long.class).single())
			.as("the role the kept run created is dropped with its database").isZero();
	}

	@Test
	void aDedicatedRoleWithoutSuperuserRestoresIntoTheTargetClusterWithTheRolesOfTheGlobals() {
		String restorer = "flowbatch_restorer_" + RERUN.incrementAndGet();
		String grantee = "flowbatch_restore_grantee_" + RERUN.incrementAndGet();
		backupWithARoleDroppedSince(grantee, "GRANT SELECT ON teams TO %s", "REVOKE ALL ON teams FROM %s");
		jdbc.sql("CREATE ROLE " + restorer + " LOGIN CREATEDB CREATEROLE").update();
		System.setProperty("flowbatch.restore.target-url", TestPostgres.get().jdbcUrl("postgres"));
		System.setProperty("flowbatch.restore.target-username", restorer);
		String scratch = null;
		try {
			CliRun test = restoreTest("keep=true");

			assertThat(test.exitCode()).as(test.toString()).isZero();
			scratch = "flowbatch~restore~" + test.executionId();
			JdbcClient copy = JdbcClient.create(TestPostgres.get().dataSource(scratch));
			assertThat(copy.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'teams'").query(String.class).single())
				.as("without superuser, the restoring role owns what it restored").isEqualTo(restorer);
			assertThat(copy.sql("SELECT has_table_privilege(?, 'teams', 'SELECT')").param(grantee)
				.query(Boolean.class)
				.single()).as("the dropped role is back, with its grant").isTrue();
			assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = ?").param(restorer)
				.query(Boolean.class)
				.single()).isFalse();
		}
		finally {
			System.clearProperty("flowbatch.restore.target-url");
			System.clearProperty("flowbatch.restore.target-username");
			if (scratch != null) {
				jdbc.sql("DROP DATABASE IF EXISTS \"" + scratch + "\" WITH (FORCE)").update();
			}
			jdbc.sql("DROP ROLE IF EXISTS " + grantee).update();
			jdbc.sql("DROP ROLE " + restorer).update();
		}
	}

	/** A backup (the newest) with {@code role} set up by {@code setUp}; then {@code tearDown} and the role dropped. */
	private String backupWithARoleDroppedSince(String role, String setUp, String tearDown) {
		jdbc.sql("CREATE ROLE " + role).update();
		try {
			jdbc.sql(setUp.formatted(role)).update();
			CliRun backup = CliRun.of("run", "backup", "rerun=" + RERUN.incrementAndGet());
			assertThat(backup.exitCode()).as(backup.toString()).isZero();
			return ArchiveReader.keys(this.prefix + "/backups/").stream()
				.filter((key) -> key.endsWith(".dump"))
				.max(Comparator.naturalOrder())
				.orElseThrow();
		}
		finally {
			jdbc.sql(tearDown.formatted(role)).update();
			jdbc.sql("DROP ROLE " + role).update();
		}
	}

	private static void rewriteManifest(String dumpKey, Consumer<ObjectNode> change) {
		try (S3Client s3 = TestS3.get().client()) {
			ObjectNode manifest = (ObjectNode) JsonMapper.builder().build()
				.readTree(s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(dumpKey + ".manifest.json"))
					.asUtf8String());
			change.accept(manifest);
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(dumpKey + ".manifest.json"),
					RequestBody.fromString(manifest.toPrettyString()));
		}
	}

	@Test
	void aTruncatedDumpFailsTheRestore() throws Exception {
		byte[] dump;
		try (S3Client s3 = TestS3.get().client()) {
			dump = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey)).asByteArray();
			byte[] truncated = java.util.Arrays.copyOf(dump, dump.length * 2 / 3);
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey), RequestBody.fromBytes(truncated));
			String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(truncated));
			String manifest = s3.getObjectAsBytes((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey + ".manifest.json"))
				.asUtf8String()
				.replaceFirst("\"size\" : \\d+", "\"size\" : " + truncated.length)
				.replaceFirst("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + sha256 + "\"");
			s3.putObject((r) -> r.bucket(TestS3.BUCKET).key(this.dumpKey + ".manifest.json"),
					RequestBody.fromString(manifest));
		}

		CliRun test = restoreTest();

		assertThat(test.exitCode()).isEqualTo(1);
		assertThat(test.out()).contains("pg_restore failed: ");
		assertThat(result(test.executionId())).containsEntry("passed", false);
		assertThat((String) result(test.executionId()).get("failure")).startsWith("pg_restore failed: ");
		assertThat(scratchDatabases()).isEmpty();
	}

	@Test
	void aSecondRestoreTestWhileOneRunsFailsAndLeavesTheFirstOnesScratchDatabase() throws Exception {
		String running = "flowbatch~restore~999998";
		jdbc.sql("CREATE DATABASE \"" + running + "\"").update();
		try (Connection first = TestPostgres.get().dataSource().getConnection();
				Statement lock = first.createStatement()) {
			// What a running restore-test holds.
			try (ResultSet locked = lock.executeQuery(SqlFiles.read("queries/restore-test/try-lock.sql"))) {
				assertThat(locked.next() && locked.getBoolean(1)).isTrue();
			}

			CliRun second = restoreTest();

			assertThat(second.exitCode()).isEqualTo(1);
			assertThat(second.out()).contains("another restore-test of this database is running");
			assertThat(scratchDatabases()).containsExactly(running);
		}
		finally {
			jdbc.sql("DROP DATABASE \"" + running + "\"").update();
		}
	}

	@Test
	void aScratchDatabaseLeftByAKilledOrKeptRunIsDroppedByTheNextRun() {
		jdbc.sql("CREATE DATABASE \"flowbatch~restore~999999\"").update();
		CliRun kept = restoreTest("keep=true");
		assertThat(kept.exitCode()).as(kept.toString()).isZero();
		assertThat(scratchDatabases()).containsExactlyInAnyOrder("flowbatch~restore~" + kept.executionId());

		CliRun next = restoreTest();

		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(scratchDatabases()).isEmpty();
	}

	@Test
	void aRestoreTestKilledMidRestoreLeavesAScratchDatabaseAndADownloadThatTheNextRunRemoves() throws Exception {
		String leftover;
		try (ChildFlowbatch child = ChildFlowbatch.start("run", "restore-test", "rerun=" + RERUN.incrementAndGet())) {
			long executionId = child.awaitExecutionId();
			leftover = "flowbatch~restore~" + executionId;
			long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
			while (!scratchDatabases().contains(leftover)) {
				assertThat(System.nanoTime()).as("the scratch database never appeared").isLessThan(deadline);
				Thread.sleep(5);
			}
			child.kill();
		}
		Path downloads = RestoreTestTasklet.downloadDirectory(TestPostgres.DATABASE);
		assertThat(downloads).isDirectoryContaining("glob:**.dump");
		assertThat(CliRun.of("recover", String.valueOf(executionIdOf(leftover))).exitCode()).isZero();

		CliRun next = restoreTest();

		assertThat(next.exitCode()).as(next.toString()).isZero();
		assertThat(scratchDatabases()).doesNotContain(leftover).isEmpty();
		assertThat(downloads).as("the killed run's download is deleted").isEmptyDirectory();
	}

	@Test
	void exceedingTheRtoTargetFailsTheTest() {
		System.setProperty("flowbatch.restore.rto-target", "0s");

		CliRun test = restoreTest();

		assertThat(test.exitCode()).isEqualTo(1);
		assertThat(test.out()).contains("exceeds the target of 0 s");
		assertThat(scratchDatabases()).isEmpty();
	}

	@Test
	void anUnknownBackupKeyIsRefused() {
		CliRun test = CliRun.of("run", "restore-test", "backup=backups/flowbatch/nothing.dump");

		assertThat(test.exitCode()).isEqualTo(2);
		assertThat(test.err()).contains("unknown backup");
	}

	private static CliRun restoreTest(String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("run", "restore-test", "rerun=" + RERUN.incrementAndGet()));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private static long executionIdOf(String scratchDatabase) {
		return Long.parseLong(scratchDatabase.substring(scratchDatabase.lastIndexOf('~') + 1));
	}

	private static Map<String, Object> result(long executionId) {
		return jdbc.sql("SELECT * FROM restore_test_results WHERE job_execution_id = ?").param(executionId).query().singleRow();
	}

	private static List<String> scratchDatabases() {
		return jdbc.sql("SELECT datname FROM pg_database WHERE starts_with(datname, 'flowbatch~restore~')")
			.query(String.class)
			.list();
	}

}
