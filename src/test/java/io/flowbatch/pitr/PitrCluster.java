package io.flowbatch.pitr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.flowbatch.sql.SqlFiles;
import io.flowbatch.testsupport.ArchivedPostgres;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link ArchivedPostgres} the application points at (its {@code spring.datasource.*} and {@code flowbatch.pitr.*}
 * as system properties, the earlier values back on {@link #close}), and the PITR jobs run against it.
 */
final class PitrCluster implements AutoCloseable {

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	private final ArchivedPostgres archived;

	private final JdbcClient jdbc;

	private final Map<String, String> replacedProperties = new HashMap<>();

	private PitrCluster(ArchivedPostgres archived) {
		this.archived = archived;
		archived.systemProperties().forEach((name, value) -> {
			this.replacedProperties.put(name, System.getProperty(name));
			System.setProperty(name, value);
		});
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(archived.jdbcUrl());
		dataSource.setUser("postgres");
		dataSource.setOptions("-c TimeZone=UTC");
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** Points the application at {@code archived}; the shared server is started first (it sets the same properties). */
	static PitrCluster of(ArchivedPostgres archived) {
		TestPostgres.get();
		return new PitrCluster(archived);
	}

	ArchivedPostgres archived() {
		return this.archived;
	}

	/** The application's database, as {@code postgres}, in UTC. */
	JdbcClient jdbc() {
		return this.jdbc;
	}

	static long nextRerun() {
		return RERUN.incrementAndGet();
	}

	CliRun baseBackup(String type) {
		return CliRun.of("run", "base-backup", "type=" + type, "rerun=" + nextRerun());
	}

	CliRun pitrTest(String... parameters) {
		String[] args = Stream.concat(Stream.of("run", "pitr-test", "rerun=" + nextRerun()), Stream.of(parameters))
			.toArray(String[]::new);
		return CliRun.of(args);
	}

	/** Writes a marker as the jobs do; its id. */
	long marker() {
		return this.jdbc.sql(SqlFiles.read("queries/pitr/insert-marker.sql"))
			.param("writtenBy", "test")
			.param("executionId", null)
			.query((rows, n) -> rows.getLong("id"))
			.single();
	}

	/**
	 * Two markers with a team inserted before each, the target 1.5 s later, then two more markers with a team between:
	 * a drill to the target must restore exactly the first two.
	 */
	MarkersAroundTarget markersAroundATarget() throws InterruptedException {
		insertTeam("Before");
		long first = marker();
		Thread.sleep(300);
		insertTeam("Before");
		long second = marker();
		Thread.sleep(1_500);
		Instant target = this.jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single().toInstant();
		Thread.sleep(300);
		long third = marker();
		insertTeam("After");
		long fourth = marker();
		assertThat(List.of(first, second, third, fourth)).isSorted().doesNotHaveDuplicates();
		return new MarkersAroundTarget(first, second, target, third, fourth);
	}

	/** The ids of the markers written around {@code target}, in order. */
	record MarkersAroundTarget(long first, long second, Instant target, long third, long fourth) {
	}

	private void insertTeam(String name) {
		this.archived.execute(TestPostgres.DATABASE, "INSERT INTO teams (id, name) VALUES ('pitr-" + nextRerun() + "', '"
				+ name + "')");
	}

	Map<String, Object> result(long executionId) {
		return this.jdbc.sql("SELECT * FROM pitr_test_results WHERE job_execution_id = ?")
			.param(executionId)
			.query()
			.singleRow();
	}

	String exitMessage(long executionId) {
		return this.jdbc.sql("SELECT exit_message FROM batch_job_execution WHERE job_execution_id = ?")
			.param(executionId)
			.query(String.class)
			.single();
	}

	List<Path> scratchLeftovers() throws Exception {
		try (Stream<Path> entries = Files.list(this.archived.scratchDirectory())) {
			return entries.toList();
		}
	}

	@Override
	public void close() {
		this.replacedProperties.forEach((name, value) -> {
			if (value == null) {
				System.clearProperty(name);
			}
			else {
				System.setProperty(name, value);
			}
		});
		this.archived.close();
	}

}
