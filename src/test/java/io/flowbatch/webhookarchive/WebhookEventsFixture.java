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
	static final String ARCHIVED_ROWS = "SELECT id, source, event_type, delivery_id, payload::VARCHAR AS payload, processing_status,"
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

	/** An event as the webhook service writes it, with the given status and timestamps (SQL literals allowed). */
	long insert(String source, String status, String receivedAt, String processedAt) {
		return this.jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				VALUES (?, 'push', ?, '{"a": 1}', ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP)) RETURNING id""")
			.params(source, UUID.randomUUID().toString(), status, receivedAt, processedAt)
			.query(Long.class)
			.single();
	}

	/**
	 * {@code rows} processed events of one source on one day, each with a payload of {@code kilobytes} of random hex
	 * that compresses to about half: enough rows make the archive object a multipart upload that starts while
	 * PostgreSQL is still sending the partition's rows.
	 */
	void insertIncompressible(String source, LocalDateTime day, int rows, int kilobytes) {
		this.jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				SELECT ?, 'push', md5(random()::TEXT || g),
				       jsonb_build_object('blob', (SELECT string_agg(md5(random()::TEXT || g || x), '')
				                                     FROM generate_series(1, ?) x)),
				       'processed', CAST(? AS TIMESTAMP) + g * INTERVAL '1 second',
				       CAST(? AS TIMESTAMP) + g * INTERVAL '1 second' + INTERVAL '3 seconds'
				  FROM generate_series(1, ?) g""")
			.params(source, kilobytes * 32, day, day, rows)
			.update();
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
