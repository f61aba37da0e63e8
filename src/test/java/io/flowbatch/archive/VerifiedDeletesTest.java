package io.flowbatch.archive;

import java.util.List;

import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The verified delete against a real PostgreSQL: exactly the verified rows, each in its verified version, or nothing. */
class VerifiedDeletesTest {

	private static final String DELETE = "DELETE FROM verified_rows WHERE id = ANY(CAST(:ids AS BIGINT[]))"
			+ " RETURNING CAST(id AS TEXT), CAST(CAST(xmin AS TEXT) AS BIGINT)";

	private JdbcTemplate jdbc;

	@BeforeEach
	void rows() {
		TestPostgres postgres = TestPostgres.get();
		postgres.createDatabase("verified_deletes");
		// One connection, no auto-commit: each test's deletes happen in a transaction that is never committed.
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
				postgres.jdbcUrl("verified_deletes"), postgres.username(), postgres.password(), true);
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.execute("CREATE TABLE verified_rows (id BIGINT PRIMARY KEY, payload TEXT)");
		// Ids of different lengths: their text does not sort as their numbers do.
		this.jdbc.execute("INSERT INTO verified_rows SELECT n, 'row ' || n FROM unnest(ARRAY[7, 9, 10, 11, 100]) n");
	}

	@Test
	void deletesTheVerifiedRowsInTheirVerifiedVersions() {
		long version = version(7);
		String[] ids = { "7", "9", "10", "11", "100" };

		long deleted = delete(ids, new long[] { version, version, version, version, version });

		assertThat(deleted).isEqualTo(5);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM verified_rows", Long.class)).isZero();
	}

	@Test
	void aRowUpdatedSinceItsExportFailsTheDelete() {
		long version = version(7);
		this.jdbc.update("UPDATE verified_rows SET payload = 'changed' WHERE id = 10");

		assertThatExceptionOfType(ConcurrentChangeException.class)
			.isThrownBy(() -> delete(new String[] { "7", "9", "10", "11", "100" },
					new long[] { version, version, version, version, version }))
			.withMessageContaining("(1 updated, 0 deleted, 0 not in the object)");
	}

	@Test
	void aRowTheDeleteTakesThatWasNotVerifiedFailsTheDelete() {
		long version = version(7);
		String sql = DELETE.replace("id = ANY(CAST(:ids AS BIGINT[]))", "id = ANY(CAST(:ids AS BIGINT[])) OR id = 100");

		assertThatExceptionOfType(ConcurrentChangeException.class)
			.isThrownBy(() -> VerifiedDeletes.delete(new NamedParameterJdbcTemplate(this.jdbc), "verified_rows",
					"part=1", sql, new String[] { "7", "9" }, new long[] { version, version }, new String[0]))
			.withMessageContaining("(0 updated, 0 deleted, 1 not in the object)");
	}

	@Test
	void aVerifiedRowAlreadyGoneFailsTheDelete() {
		long version = version(7);
		this.jdbc.update("DELETE FROM verified_rows WHERE id = 11");

		assertThatExceptionOfType(ConcurrentChangeException.class)
			.isThrownBy(() -> delete(new String[] { "7", "11" }, new long[] { version, version }))
			.withMessageContaining("(0 updated, 1 deleted, 0 not in the object)");
	}

	private long delete(String[] ids, long[] versions) {
		return VerifiedDeletes.delete(new NamedParameterJdbcTemplate(this.jdbc), "verified_rows", "part=1", DELETE, ids,
				versions, new String[0]);
	}

	private long version(long id) {
		List<Long> versions = this.jdbc.queryForList(
				"SELECT CAST(CAST(xmin AS TEXT) AS BIGINT) FROM verified_rows WHERE id = ?", Long.class, id);
		return versions.get(0);
	}

}
