package io.flowbatch.webhookarchive;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flowbatch.testsupport.TestPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Webhook events written straight into PostgreSQL, and the table's rows read back for comparison. */
final class WebhookEventsFixture {

	static final String SNAPSHOT = """
			SELECT id, source, event_type, delivery_id, payload::TEXT AS payload, processing_status, error_message,
			       (extract(EPOCH FROM received_at) * 1000000)::BIGINT AS received_at_micros,
			       (extract(EPOCH FROM processed_at) * 1000000)::BIGINT AS processed_at_micros
			  FROM webhook_events %s ORDER BY id""";

	/** The archived rows as DuckDB reads them, in the shape of {@link #rows}. */
	static final String ARCHIVED_ROWS = "SELECT id, source, event_type, delivery_id, payload, processing_status,"
			+ " error_message, epoch_us(received_at) AS received_at_micros,"
			+ " epoch_us(processed_at) AS processed_at_micros FROM {files} ORDER BY id";

	private final JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource());

	void clear() {
		this.jdbc.sql("TRUNCATE webhook_events, archive_manifest").update();
	}

	long insert(String source, String eventType, String payloadJson, LocalDateTime receivedAt) {
		return this.jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				VALUES (?, ?, ?, CAST(? AS JSONB), 'processed', ?, ?) RETURNING id""")
			.params(source, eventType, UUID.randomUUID().toString(), payloadJson, receivedAt, receivedAt.plusSeconds(3))
			.query(Long.class)
			.single();
	}

	/** {@code perDay} events per source on each of the days {@code firstDaysAgo..lastDaysAgo} before now. */
	void insertSpread(List<String> sources, int firstDaysAgo, int lastDaysAgo, int perDay) {
		LocalDateTime today = LocalDateTime.now(java.time.ZoneOffset.UTC).toLocalDate().atStartOfDay();
		for (int daysAgo = firstDaysAgo; daysAgo >= lastDaysAgo; daysAgo--) {
			for (String source : sources) {
				for (int i = 0; i < perDay; i++) {
					insert(source, "push", "{\"n\": " + i + ", \"note\": \"event " + i + " of " + source + "\"}",
							today.minusDays(daysAgo).plusMinutes(37L * i + 11));
				}
			}
		}
	}

	List<Map<String, Object>> rows(String where) {
		return this.jdbc.sql(SNAPSHOT.formatted(where)).query().listOfRows();
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM webhook_events").query(Long.class).single();
	}

	List<Map<String, Object>> manifest() {
		return this.jdbc.sql("SELECT * FROM archive_manifest ORDER BY object_key").query().listOfRows();
	}

}
