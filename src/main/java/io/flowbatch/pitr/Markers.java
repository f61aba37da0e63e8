package io.flowbatch.pitr;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes markers into {@code pitr_markers} and reads them back, from production or from a restored copy. */
@Component
public class Markers {

	private static final String INSERT = SqlFiles.read("queries/pitr/insert-marker.sql");

	private static final String ALL = SqlFiles.read("queries/pitr/markers.sql");

	private static final String ROW_COUNTS = SqlFiles.read("queries/pitr/row-counts.sql");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	public Markers(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Writes a marker and commits it at once, outside the step's transaction: a drill's target lies between markers
	 * that must be committed (and archived) before it restores.
	 */
	public Marker write(String writtenBy, Long executionId) {
		return this.ownTransaction.execute((status) -> this.jdbc.sql(INSERT)
			.param("writtenBy", writtenBy)
			.param("executionId", executionId)
			.query((rows, n) -> marker(rows))
			.single());
	}

	List<Marker> all() {
		return all(this.jdbc);
	}

	static List<Marker> all(JdbcClient jdbc) {
		return jdbc.sql(ALL).query((rows, n) -> marker(rows)).list();
	}

	static Map<String, Long> rowCounts(JdbcClient jdbc) {
		return counts(jdbc.sql(ROW_COUNTS).query(String.class).single());
	}

	private static Marker marker(ResultSet rows) throws SQLException {
		Timestamp writtenAt = rows.getTimestamp("written_at");
		return new Marker(rows.getLong("id"), writtenAt.toLocalDateTime().toInstant(ZoneOffset.UTC),
				counts(rows.getString("row_counts")));
	}

	private static Map<String, Long> counts(String json) {
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Long>>() {
		});
	}

}
