package io.flowbatch.namespace;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two databases pointed at the same bucket and prefix (staging and production, a production copy restored
 * elsewhere): the one that claimed the namespace keeps it, the other is refused before it touches anything, and an
 * archive written before flowbatch recorded owners is adopted only by the database that wrote it.
 */
class S3NamespaceTest {

	private static final String OTHER = "flowbatch_other";

	/** Each run its own job instance: cutoffs 8 to 15 days ago (the archive job tests use 20 to 55). */
	private static final AtomicInteger CUTOFF_DAYS_AGO = new AtomicInteger(0);

	private String prefix;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		TestPostgres.get().createDatabase(OTHER);
		onOtherDatabase(() -> {
			CliRun migrated = CliRun.of("migrate");
			assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
		});
	}

	@BeforeEach
	void isolate() {
		this.prefix = "shared-" + UUID.randomUUID();
		System.setProperty("flowbatch.s3.prefix", this.prefix);
		for (String database : List.of(TestPostgres.DATABASE, OTHER)) {
			jdbc(database).sql("TRUNCATE webhook_events").update();
			insertOldEvent(database);
		}
	}

	@AfterEach
	void restore() {
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void aSecondDatabaseOnTheSamePrefixIsRefusedAndTouchesNothing() {
		CliRun owner = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());
		assertThat(owner.exitCode()).as(owner.toString()).isZero();
		List<String> keys = ArchiveReader.keys(this.prefix);

		onOtherDatabase(() -> {
			for (CliRun refused : List.of(CliRun.of("run", "webhook-archive", "before=" + nextCutoff()),
					CliRun.of("run", "flow-item-retention"), CliRun.of("run", "backup"),
					CliRun.of("run", "backup-verify"))) {
				assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
				assertThat(refused.err()).contains("belongs to database '" + TestPostgres.DATABASE + "'")
					.contains("this is database '" + OTHER + "'")
					.contains("nothing was started or touched");
			}
		});

		assertThat(ArchiveReader.keys(this.prefix)).isEqualTo(keys);
		assertThat(count(OTHER)).isEqualTo(1);
		assertThat(CliRun.of("namespace").out()).contains("owned by: database '" + TestPostgres.DATABASE + "'");
	}

	@Test
	void anArchiveWrittenBeforeOwnersWereRecordedIsAdoptedOnlyByTheDatabaseThatWroteIt() {
		CliRun written = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());
		assertThat(written.exitCode()).as(written.toString()).isZero();
		// As the previous release left it: the same objects, no marker.
		try (var s3 = TestS3.get().client()) {
			s3.deleteObject((r) -> r.bucket(TestS3.BUCKET).key(this.prefix + "/" + S3Namespace.MARKER));
		}
		insertOldEvent(TestPostgres.DATABASE);

		CliRun unclaimed = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());
		assertThat(unclaimed.exitCode()).as(unclaimed.toString()).isEqualTo(2);
		assertThat(unclaimed.err()).contains("holds objects but no owner marker").contains("flowbatch namespace claim");

		onOtherDatabase(() -> {
			CliRun foreign = CliRun.of("namespace", "claim");
			assertThat(foreign.exitCode()).as(foreign.toString()).isEqualTo(2);
			assertThat(foreign.err()).contains("objects this database did not write").contains(".parquet");
		});
		CliRun claimed = CliRun.of("namespace", "claim");
		assertThat(claimed.exitCode()).as(claimed.toString()).isZero();
		assertThat(claimed.out()).contains("owned by: database '" + TestPostgres.DATABASE + "'");

		CliRun resumed = CliRun.of("run", "webhook-archive", "before=" + nextCutoff());
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(count(TestPostgres.DATABASE)).isZero();
	}

	private static void onOtherDatabase(Runnable work) {
		String url = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", TestPostgres.get().jdbcUrl(OTHER));
		try {
			work.run();
		}
		finally {
			System.setProperty("spring.datasource.url", url);
		}
	}

	private static void insertOldEvent(String database) {
		jdbc(database).sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				VALUES ('github', 'push', ?, '{}', 'processed', now() - INTERVAL '60 days', now() - INTERVAL '60 days')""")
			.param(UUID.randomUUID().toString())
			.update();
	}

	private static long count(String database) {
		return jdbc(database).sql("SELECT count(*) FROM webhook_events").query(Long.class).single();
	}

	private static JdbcClient jdbc(String database) {
		return JdbcClient.create(TestPostgres.get().dataSource(database));
	}

	private static LocalDate nextCutoff() {
		return LocalDate.now(ZoneOffset.UTC).minusDays(CUTOFF_DAYS_AGO.getAndIncrement() % 8 + 8);
	}

}
