package io.flowbatch.devtools.generate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Generates small workloads into a real PostgreSQL and checks the rows with SQL. */
class WorkloadGeneratorTest {

	private static final Instant END = Instant.parse("2026-06-30T12:00:00Z");

	private static final GenerationOptions SMALL = new GenerationOptions(3, 500, 2_000, 30, 7, END);

	private static final String STAGE_PATH = "ARRAY['backlog', 'analysis', 'development', 'review', 'testing',"
			+ " 'deployment', 'done']";

	private static JdbcTemplate jdbc;

	private static WorkloadGenerator generator;

	@BeforeAll
	static void migrate() {
		TestServers.startDatabase();
		DataSource dataSource = TestPostgres.get().dataSource();
		jdbc = new JdbcTemplate(dataSource);
		generator = new WorkloadGenerator(dataSource);
	}

	@BeforeEach
	void emptyTables() {
		jdbc.execute("TRUNCATE teams, flow_items, stage_transitions, stage_metrics, webhook_events, team_daily_metrics"
				+ " RESTART IDENTITY CASCADE");
	}

	@Test
	void reportsTheRowsItStored() {
		GenerationReport report = generator.generate(SMALL);

		assertThat(report.newTeams()).isEqualTo(3).isEqualTo(count("SELECT count(*) FROM teams"));
		assertThat(report.flowItems()).isEqualTo(500).isEqualTo(count("SELECT count(*) FROM flow_items"));
		assertThat(report.stageTransitions()).isEqualTo(count("SELECT count(*) FROM stage_transitions"));
		assertThat(report.stageMetrics()).isEqualTo(count("SELECT count(*) FROM stage_metrics"));
		assertThat(report.webhookEvents()).isEqualTo(2_000).isEqualTo(count("SELECT count(*) FROM webhook_events"));
		assertThat(report.webhookPayloadBytes())
			.isEqualTo(count("SELECT sum(octet_length(payload::text)) FROM webhook_events"));
		// ANALYZE ran: the planner knows the tables' sizes.
		assertThat(count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'webhook_events'")).isEqualTo(2_000);
	}

	@Test
	void flowItemsHaveTeamsAndTheUsualMixOfTypesAndStatuses() {
		generator.generate(SMALL);

		assertThat(count("SELECT count(*) FROM flow_items f LEFT JOIN teams t ON t.id = f.team_id WHERE t.id IS NULL"))
			.isZero();
		assertThat(jdbc.queryForList("SELECT DISTINCT team_id FROM flow_items ORDER BY 1", String.class))
			.containsExactly("team-01", "team-02", "team-03");
		assertThat(jdbc.queryForList("SELECT DISTINCT item_type FROM flow_items", String.class))
			.containsExactlyInAnyOrder("feature", "defect", "risk", "debt");
		assertThat(count("SELECT count(*) FROM flow_items WHERE status = 'completed'")).isBetween(300L, 400L);
		assertThat(count("SELECT count(*) FROM flow_items WHERE status = 'in_progress'")).isBetween(75L, 150L);
		assertThat(count("SELECT count(*) FROM flow_items WHERE status = 'canceled'")).isBetween(15L, 70L);
		assertThat(count("SELECT count(*) FROM flow_items WHERE external_id NOT LIKE 's7-%'")).isZero();
		assertThat(count("SELECT count(*) FROM flow_items WHERE created_at < TIMESTAMP '2026-05-31 12:00:00'"
				+ " OR updated_at > TIMESTAMP '2026-06-30 12:00:00' OR updated_at < created_at")).isZero();
	}

	@Test
	void transitionsFollowTheStagePathInTime() {
		generator.generate(SMALL);

		// Each item's n-th transition (by time) enters the n-th stage, from the stage the previous one entered,
		// strictly later, and its duration is the time spent in the stage it leaves.
		assertThat(count("""
				SELECT count(*) FROM (
				    SELECT t.*, row_number() OVER w AS position, lag(to_stage) OVER w AS previous_stage,
				           lag(transitioned_at) OVER w AS previous_at
				    FROM stage_transitions t
				    WINDOW w AS (PARTITION BY flow_item_id ORDER BY transitioned_at, id)) ordered
				WHERE array_position(%s, to_stage) <> position
				   OR from_stage IS DISTINCT FROM previous_stage
				   OR transitioned_at <= previous_at
				   OR duration_seconds IS DISTINCT FROM extract(epoch FROM transitioned_at - previous_at)::int
				""".formatted(STAGE_PATH))).isZero();
		// The first transition happens when the item is created.
		assertThat(count("""
				SELECT count(*) FROM flow_items f JOIN stage_transitions t ON t.flow_item_id = f.id
				WHERE t.from_stage IS NULL AND t.transitioned_at <> f.created_at""")).isZero();
		// current_stage is the stage the last transition entered; an item without history is in the backlog.
		assertThat(count("""
				SELECT count(*) FROM flow_items f
				LEFT JOIN LATERAL (SELECT to_stage FROM stage_transitions t WHERE t.flow_item_id = f.id
				                   ORDER BY transitioned_at DESC LIMIT 1) last ON true
				WHERE f.current_stage <> coalesce(last.to_stage, 'backlog')""")).isZero();
		long withoutHistory = count("SELECT count(*) FROM flow_items f WHERE NOT EXISTS"
				+ " (SELECT 1 FROM stage_transitions t WHERE t.flow_item_id = f.id)");
		assertThat(withoutHistory).isBetween(3L, 35L);
		assertThat(count("SELECT count(*) FROM stage_transitions"
				+ " WHERE transitioned_at > TIMESTAMP '2026-06-30 12:00:00'")).isZero();
	}

	@Test
	void onlyCompletedItemsAreDoneAndHaveACompletionTime() {
		generator.generate(SMALL);

		assertThat(count("""
				SELECT count(*) FROM flow_items f
				WHERE status = 'completed'
				  AND (current_stage <> 'done' OR completed_at IS NULL
				       OR NOT EXISTS (SELECT 1 FROM stage_transitions t
				                      WHERE t.flow_item_id = f.id AND t.to_stage = 'done')
				       OR completed_at < (SELECT max(transitioned_at) FROM stage_transitions t
				                          WHERE t.flow_item_id = f.id))""")).isZero();
		assertThat(count("SELECT count(*) FROM flow_items WHERE status <> 'completed'"
				+ " AND (completed_at IS NOT NULL OR current_stage = 'done')")).isZero();
		assertThat(count("SELECT count(*) FROM flow_items WHERE status = 'in_progress'"
				+ " AND current_stage NOT IN ('analysis', 'development', 'review', 'testing', 'deployment')"
				+ " AND EXISTS (SELECT 1 FROM stage_transitions t WHERE t.flow_item_id = flow_items.id)")).isZero();
	}

	@Test
	void stageMetricsDescribeEachStageAnItemLeft() {
		generator.generate(SMALL);

		// One stay per transition out of a stage, with that stage's entry and exit times.
		assertThat(count("SELECT count(*) FROM stage_metrics"))
			.isEqualTo(count("SELECT count(*) FROM stage_transitions WHERE from_stage IS NOT NULL"));
		assertThat(count("""
				SELECT count(*) FROM stage_metrics m
				WHERE NOT EXISTS (SELECT 1 FROM stage_transitions t WHERE t.flow_item_id = m.flow_item_id
				                  AND t.to_stage = m.stage AND t.transitioned_at = m.started_at)
				   OR NOT EXISTS (SELECT 1 FROM stage_transitions t WHERE t.flow_item_id = m.flow_item_id
				                  AND t.from_stage = m.stage AND t.transitioned_at = m.ended_at)""")).isZero();
		assertThat(count("""
				SELECT count(*) FROM stage_metrics
				WHERE active_time_seconds < 0 OR wait_time_seconds < 0
				   OR active_time_seconds + wait_time_seconds <> extract(epoch FROM ended_at - started_at)
				   OR flow_efficiency_percent
				      <> round(active_time_seconds * 100.0 / (active_time_seconds + wait_time_seconds), 2)
				""")).isZero();
		assertThat(count("SELECT count(*) FROM stage_metrics WHERE blockers IS NOT NULL")).isPositive();
		assertThat(count("SELECT count(*) FROM stage_metrics WHERE stage = 'done'")).isZero();
	}

	@Test
	void webhookEventsLookLikeTheirSendersDeliveries() {
		generator.generate(SMALL);

		assertThat(jdbc.queryForList("SELECT DISTINCT source FROM webhook_events", String.class))
			.containsExactlyInAnyOrder("github", "gitlab", "jira", "jenkins");
		Map<String, Object> sizes = jdbc.queryForMap("SELECT min(octet_length(payload::text)) AS smallest,"
				+ " max(octet_length(payload::text)) AS largest, avg(octet_length(payload::text)) AS mean"
				+ " FROM webhook_events");
		assertThat(((Number) sizes.get("smallest")).intValue()).isGreaterThanOrEqualTo(300);
		assertThat(((Number) sizes.get("largest")).intValue()).isLessThanOrEqualTo(3_000);
		assertThat(((Number) sizes.get("mean")).doubleValue()).isBetween(900.0, 1_500.0);
		assertThat(count("""
				SELECT count(*) FROM webhook_events
				WHERE NOT CASE source
				    WHEN 'github' THEN payload ? 'repository' AND payload ? 'sender'
				    WHEN 'gitlab' THEN payload ->> 'object_kind' = event_type AND payload ? 'project'
				    WHEN 'jira' THEN payload ->> 'webhookEvent' LIKE '%' || event_type AND payload ? 'issue'
				    ELSE payload -> 'build' ->> 'phase' IN ('STARTED', 'COMPLETED')
				END""")).isZero();
		assertThat(count("SELECT count(*) FROM webhook_events WHERE source = 'github' AND event_type = 'push'"
				+ " AND jsonb_array_length(payload -> 'commits') < 1")).isZero();
		assertThat(count("SELECT count(*) - count(DISTINCT (source, delivery_id)) FROM webhook_events")).isZero();
		assertThat(jdbc.queryForList("SELECT DISTINCT processing_status FROM webhook_events", String.class))
			.containsExactlyInAnyOrder("processed", "pending", "failed");
		assertThat(count("""
				SELECT count(*) FROM webhook_events
				WHERE received_at < TIMESTAMP '2026-05-31 12:00:00' OR received_at > TIMESTAMP '2026-06-30 12:00:00'
				   OR (processing_status = 'processed') <> (processed_at IS NOT NULL)
				   OR processed_at < received_at OR processed_at > received_at + INTERVAL '10 seconds'
				   OR (processing_status = 'failed') <> (error_message IS NOT NULL)""")).isZero();
		assertThat(count("SELECT count(*) FROM webhook_events WHERE processing_status = 'processed'"))
			.isGreaterThan(1_800);
	}

	@Test
	void theSameSeedMakesTheSameRows() {
		generator.generate(SMALL);
		Map<String, String> first = fingerprints();
		emptyTables();
		generator.generate(SMALL);

		assertThat(fingerprints()).isEqualTo(first);
	}

	@Test
	void anotherSeedAppendsWithoutCollisions() {
		generator.generate(SMALL);
		GenerationReport second = generator.generate(new GenerationOptions(3, 500, 2_000, 30, 8, END));

		assertThat(second.newTeams()).isZero();
		assertThat(count("SELECT count(*) FROM flow_items")).isEqualTo(1_000);
		assertThat(count("SELECT count(*) FROM webhook_events")).isEqualTo(4_000);
		assertThat(count("SELECT count(*) FROM flow_items WHERE external_id LIKE 's8-%'")).isEqualTo(500);
	}

	@Test
	void theSameSeedTwiceIsRefusedBeforeWritingAnything() {
		generator.generate(SMALL);
		Map<String, String> before = fingerprints();

		assertThatExceptionOfType(SeedAlreadyGeneratedException.class).isThrownBy(() -> generator.generate(SMALL))
			.withMessageContaining("seed 7 was already generated");
		assertThatExceptionOfType(SeedAlreadyGeneratedException.class)
			.isThrownBy(() -> generator.generate(new GenerationOptions(3, 0, 10, 30, 7, END)))
			.withMessageContaining("delivery");
		assertThat(fingerprints()).isEqualTo(before);
	}

	/** A digest of each table's content, in an order that does not depend on serial ids or load order. */
	private static Map<String, String> fingerprints() {
		Map<String, String> fingerprints = new LinkedHashMap<>();
		fingerprints.put("story points per type", digest("""
				SELECT string_agg(item_type || ': ' || items || ' items, ' || points || ' points', '; '
				    ORDER BY item_type)
				FROM (SELECT item_type, count(*) AS items, sum(story_points) AS points FROM flow_items
				      GROUP BY item_type) per_type"""));
		fingerprints.put("teams", digest("SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM teams t"));
		fingerprints.put("flow_items", digest("SELECT md5(string_agg(f::text, '|' ORDER BY id)) FROM flow_items f"));
		fingerprints.put("stage_transitions", digest("""
				SELECT md5(string_agg(concat_ws(',', flow_item_id, from_stage, to_stage, transitioned_at,
				    duration_seconds, triggered_by, event_type, event_payload), '|'
				    ORDER BY flow_item_id, transitioned_at)) FROM stage_transitions"""));
		fingerprints.put("stage_metrics", digest("""
				SELECT md5(string_agg(concat_ws(',', flow_item_id, stage, started_at, ended_at, active_time_seconds,
				    wait_time_seconds, flow_efficiency_percent, blockers), '|' ORDER BY flow_item_id, started_at))
				FROM stage_metrics"""));
		fingerprints.put("webhook_events", digest("""
				SELECT md5(string_agg(concat_ws(',', source, event_type, delivery_id, payload, processing_status,
				    error_message, received_at, processed_at), '|' ORDER BY source, delivery_id))
				FROM webhook_events"""));
		return fingerprints;
	}

	private static String digest(String sql) {
		return jdbc.queryForObject(sql, String.class);
	}

	private static long count(String sql) {
		Long count = jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

}
