package io.flowbatch.dailymetrics;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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
import static org.assertj.core.api.Assertions.within;

/**
 * daily-metrics on a hand-built fixture (UTC unless a test says otherwise). The expected values are worked out by hand
 * in docs/metrics.md ("Worked example") from the definitions there, and written out here, not computed.
 * <p>
 * Team alpha (WIP limit 1, flow time target 48 h, flow efficiency target 70 %), days 2026-03-09 and 03-10:
 * <ul>
 * <li>F1 feature: backlog 03-01, development 03-08 00:00, done 03-10 12:00 → flow time 60 h; stage metrics backlog
 * (waited 500,000 s: not counted), development 36,000 s active of 50,400 s, review 3,600 of 7,200</li>
 * <li>F2 feature: no transitions, completed 03-10 06:00 → a completion, never started: no flow time</li>
 * <li>F3 feature: analysis 03-05 00:00, done 03-10 00:00 → 120 h; analysis 7,200 s active of 14,400 s</li>
 * <li>F4 feature: analysis 03-03, canceled (updated) 03-10 08:00 → no completion, WIP until 03-09</li>
 * <li>F5 feature: only a backlog transition, completed 03-10 18:00 → a completion, no flow time</li>
 * <li>D1 defect: development 03-10 09:00, in progress</li>
 * <li>D2 defect: development 03-10 10:00, completed 03-10 20:00 → 10 h; backlog (36,000 s waited: not counted),
 * development 18,000 s active of 36,000 s</li>
 * <li>N1 defect: in progress by status, but only a backlog transition (03-09): never started, never WIP</li>
 * <li>S1 story (a type the catalog of types does not know): development 03-09 12:00, completed 03-10 02:00 → 14 h;
 * development 3,600 s active of 5,400 s</li>
 * </ul>
 * Team bravo (WIP limit 5, 24 h, 60 %): B1 risk, development 03-10 01:00, completed 03-10 05:00 → 4 h; development
 * 7,200 s active of 14,400 s. Team delta exists and has no items.
 */
class DailyMetricsJobTest {

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	/** The columns compared: every column of team_daily_metrics but its provenance. */
	private static final List<String> COLUMNS = List.of("team_id", "metric_date", "item_type", "items_completed",
			"items_started", "wip_end_of_day", "flow_time_p50_hours", "flow_time_p85_hours", "flow_time_p95_hours",
			"flow_time_avg_hours", "flow_efficiency_percent", "distribution_percent", "sample_size", "velocity_7d",
			"wip_limit", "wip_over_limit", "flow_time_target_hours", "flow_time_p85_over_target",
			"flow_efficiency_target_percent", "flow_efficiency_under_target");

	private static JdbcClient jdbc;

	@BeforeAll
	static void startDatabase() {
		TestServers.startDatabase();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
	}

	@BeforeEach
	void loadFixture() {
		// Archive tests that ran earlier in this JVM left retention cutoffs after March 2026 (the guard's own test).
		forgetRetentionRuns();
		jdbc.sql("TRUNCATE team_daily_metrics, stage_daily_metrics, stage_metrics, stage_transitions, flow_items, teams"
				+ " CASCADE").update();
		jdbc.sql("""
				INSERT INTO teams (id, name, wip_limit, target_flow_time_hours, target_flow_efficiency_percent)
				VALUES ('alpha', 'Alpha', 1, 48, 70), ('bravo', 'Bravo', 5, 24, 60), ('delta', 'Delta', 20, 96, 40)""")
			.update();
		item("F1", "alpha", "feature", "completed", "2026-03-01 00:00", "2026-03-10 12:00", "2026-03-10 12:00");
		transition("F1", "backlog", "2026-03-01 00:00");
		transition("F1", "development", "2026-03-08 00:00");
		transition("F1", "done", "2026-03-10 12:00");
		metric("F1", "backlog", 0, 500_000, "2026-03-01 00:00", "2026-03-08 00:00");
		metric("F1", "development", 36_000, 14_400, "2026-03-08 00:00", "2026-03-10 10:00");
		metric("F1", "review", 3_600, 3_600, "2026-03-10 10:00", "2026-03-10 12:00");
		item("F2", "alpha", "feature", "completed", "2026-03-09 00:00", "2026-03-10 06:00", "2026-03-10 06:00");
		item("F3", "alpha", "feature", "completed", "2026-03-04 00:00", "2026-03-10 00:00", "2026-03-10 00:00");
		transition("F3", "analysis", "2026-03-05 00:00");
		transition("F3", "done", "2026-03-10 00:00");
		metric("F3", "analysis", 7_200, 7_200, null, null);
		item("F4", "alpha", "feature", "canceled", "2026-03-02 00:00", null, "2026-03-10 08:00");
		transition("F4", "analysis", "2026-03-03 00:00");
		item("F5", "alpha", "feature", "completed", "2026-03-06 00:00", "2026-03-10 18:00", "2026-03-10 18:00");
		transition("F5", "backlog", "2026-03-06 00:00");
		item("D1", "alpha", "defect", "in_progress", "2026-03-10 08:00", null, "2026-03-10 09:00");
		transition("D1", "development", "2026-03-10 09:00");
		item("D2", "alpha", "defect", "completed", "2026-03-10 08:00", "2026-03-10 20:00", "2026-03-10 20:00");
		transition("D2", "backlog", "2026-03-10 08:00");
		transition("D2", "development", "2026-03-10 10:00");
		transition("D2", "done", "2026-03-10 20:00");
		metric("D2", "backlog", 0, 36_000, null, null);
		metric("D2", "development", 18_000, 18_000, "2026-03-10 10:00", "2026-03-10 20:00");
		item("N1", "alpha", "defect", "in_progress", "2026-03-09 00:00", null, "2026-03-09 00:00");
		transition("N1", "backlog", "2026-03-09 00:00");
		item("S1", "alpha", "story", "completed", "2026-03-09 00:00", "2026-03-10 02:00", "2026-03-10 02:00");
		transition("S1", "development", "2026-03-09 12:00");
		metric("S1", "development", 3_600, 1_800, null, null);
		item("B1", "bravo", "risk", "completed", "2026-03-09 00:00", "2026-03-10 05:00", "2026-03-10 05:00");
		transition("B1", "development", "2026-03-10 01:00");
		metric("B1", "development", 7_200, 7_200, "2026-03-10 01:00", "2026-03-10 05:00");
	}

	@AfterEach
	void resetSettings() {
		System.clearProperty("flowbatch.metrics.zone");
		System.clearProperty("flowbatch.metrics.days-per-chunk");
		jdbc.sql("DROP TRIGGER IF EXISTS fail_on_day ON team_daily_metrics").update();
	}

	@Test
	void computesEveryColumnOfEveryRowOfTheFixtureAsDefined() {
		CliRun run = run("date=2026-03-10", "lookbackDays=1");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		Object n = null;
		// team, day, type: completed, started, WIP; p50, p85, p95, avg; efficiency, distribution; sample, velocity_7d;
		// WIP limit, over it; flow time target, p85 over it; efficiency target, under it.
		assertRows(List.of(
				expected("alpha", "2026-03-09", "all", 0, 1, 4, n, n, n, n, n, n, 0, 0, 1, true, 48, n, 70, n),
				expected("alpha", "2026-03-09", "feature", 0, 0, 3, n, n, n, n, n, n, 0, 0, n, n, n, n, n, n),
				expected("alpha", "2026-03-09", "story", 0, 1, 1, n, n, n, n, n, n, 0, 0, n, n, n, n, n, n),
				// flow times 10, 14, 60, 120 h: p50 = 14 + 0.5 × 46; p85 = 60 + 0.55 × 60; p95 = 60 + 0.85 × 60
				// efficiency (39,600 + 7,200 + 18,000 + 3,600) / (57,600 + 14,400 + 36,000 + 5,400)
				expected("alpha", "2026-03-10", "all", 6, 2, 1, 37.0, 93.0, 111.0, 51.0, 68_400 * 100.0 / 113_400, 100.0, 4,
						6, 1, false, 48, true, 70, true),
				expected("alpha", "2026-03-10", "defect", 1, 2, 1, 10.0, 10.0, 10.0, 10.0, 50.0, 100.0 / 6, 1, 1, n, n, n,
						n, n, n),
				// flow times 60, 120 h; efficiency (39,600 + 7,200) / (57,600 + 14,400); F1 F2 F3 F5 of 6
				expected("alpha", "2026-03-10", "feature", 4, 0, 0, 90.0, 111.0, 117.0, 90.0, 65.0, 400.0 / 6, 2, 4, n, n,
						n, n, n, n),
				expected("alpha", "2026-03-10", "story", 1, 0, 0, 14.0, 14.0, 14.0, 14.0, 3_600 * 100.0 / 5_400, 100.0 / 6,
						1, 1, n, n, n, n, n, n),
				expected("bravo", "2026-03-10", "all", 1, 1, 0, 4.0, 4.0, 4.0, 4.0, 50.0, 100.0, 1, 1, 5, false, 24, false,
						60, true),
				expected("bravo", "2026-03-10", "risk", 1, 1, 0, 4.0, 4.0, 4.0, 4.0, 50.0, 100.0, 1, 1, n, n, n, n, n, n)));
		assertThat(jdbc.sql("SELECT DISTINCT job_execution_id FROM team_daily_metrics").query(Long.class).list())
			.containsExactly(run.executionId());
	}

	@Test
	void stageRowsSayHowLongItemsStayedInTheStagesTheyLeftThatDay() {
		CliRun run = run("date=2026-03-10", "lookbackDays=1");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		// alpha development: F1 (10 h active, 4 h waiting, 58 h in it) and D2 (5, 5, 10): p85 = 10 + 0.85 × 48.
		// Only rows with an end time count; F1's backlog ended 03-08, before the range.
		assertThat(jdbc.sql("""
				SELECT team_id || ' ' || metric_date || ' ' || stage || ' ' || items_exited || ' '
				       || round(CAST(active_hours_avg AS NUMERIC), 3) || ' ' || round(CAST(wait_hours_avg AS NUMERIC), 3)
				       || ' ' || round(CAST(time_in_stage_hours_p85 AS NUMERIC), 3)
				  FROM stage_daily_metrics ORDER BY 1""").query(String.class).list())
			.containsExactly("alpha 2026-03-10 development 2 7.500 4.500 50.800",
					"alpha 2026-03-10 review 1 1.000 1.000 2.000", "bravo 2026-03-10 development 1 2.000 2.000 4.000");
	}

	@Test
	void aLateTransitionChangesYesterdaysRowOnTheNextNightlyRun() {
		run("date=2026-03-10", "lookbackDays=0");
		assertThat((Double) row("alpha", "2026-03-10", "feature").get("flow_time_avg_hours")).isCloseTo(90.0,
				within(1e-9));

		// F2's move into development on 03-09 12:00 arrives late: it started, and its flow time is 18 h.
		transition("F2", "development", "2026-03-09 12:00");
		CliRun nextNight = run("date=2026-03-11", "lookbackDays=3");

		assertThat(nextNight.exitCode()).as(nextNight.toString()).isZero();
		Map<String, Object> features = row("alpha", "2026-03-10", "feature");
		assertThat((Double) features.get("flow_time_avg_hours")).isCloseTo((18.0 + 60 + 120) / 3, within(1e-9));
		assertThat(features.get("job_execution_id")).isEqualTo(nextNight.executionId());
	}

	@Test
	void aLateCompletionIsAbsorbedByTheNextNightsLookback() {
		run("date=2026-03-10", "lookbackDays=0");

		// L1's completion on 03-10 22:00 (development from 03-09 06:00: 40 h) reaches the database a day late.
		item("L1", "alpha", "feature", "completed", "2026-03-09 00:00", "2026-03-10 22:00", "2026-03-10 22:00");
		transition("L1", "development", "2026-03-09 06:00");
		metric("L1", "development", 7_200, 7_200, null, null);
		CliRun nextNight = run("date=2026-03-11", "lookbackDays=3");

		assertThat(nextNight.exitCode()).as(nextNight.toString()).isZero();
		Object n = null;
		// all: flow times 10, 14, 40, 60, 120 h: p85 = 60 + 0.4 × 60, p95 = 60 + 0.8 × 60; efficiency
		// (68,400 + 7,200) / (113,400 + 14,400). feature: 40, 60, 120 h; (46,800 + 7,200) / (72,000 + 14,400).
		assertRows(List.of(
				expected("alpha", "2026-03-10", "all", 7, 2, 1, 40.0, 84.0, 108.0, 48.8, 75_600 * 100.0 / 127_800,
						100.0, 5, 7, 1, false, 48, true, 70, true),
				expected("alpha", "2026-03-10", "feature", 5, 0, 0, 60.0, 102.0, 114.0, 220.0 / 3, 62.5, 500.0 / 7, 3,
						5, n, n, n, n, n, n)),
				"WHERE team_id = 'alpha' AND metric_date = '2026-03-10' AND item_type IN ('all', 'feature')");
	}

	@Test
	void runningTwiceGivesIdenticalRowsApartFromTheirProvenance() {
		run("date=2026-03-10", "lookbackDays=10");
		List<Map<String, Object>> first = metricsWithoutProvenance();

		CliRun second = run("date=2026-03-10", "lookbackDays=10");

		assertThat(second.exitCode()).isZero();
		assertThat(metricsWithoutProvenance()).isEqualTo(first).isNotEmpty();
	}

	@Test
	void aDaylightSavingDayInRomeHas23HoursAndItemsFallOnTheirLocalDay() {
		System.setProperty("flowbatch.metrics.zone", "Europe/Rome");
		jdbc.sql("INSERT INTO teams (id, name) VALUES ('charlie', 'Charlie')").update();
		// Rome moves from UTC+1 to UTC+2 on 2026-03-29: that day runs from 03-28 23:00 UTC to 03-29 22:00 UTC.
		item("G1", "charlie", "debt", "completed", "2026-03-28 20:00", "2026-03-28 23:30", "2026-03-28 23:30");
		transition("G1", "development", "2026-03-28 20:00");
		item("G2", "charlie", "debt", "completed", "2026-03-28 21:30", "2026-03-29 21:30", "2026-03-29 21:30");
		transition("G2", "development", "2026-03-28 21:30");
		item("G3", "charlie", "debt", "completed", "2026-03-29 10:00", "2026-03-29 22:30", "2026-03-29 22:30");

		CliRun run = run("date=2026-03-30", "lookbackDays=2");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		Object n = null;
		// 03-28 in Rome: G1 started 21:00, G2 22:30, both still open at midnight. 03-29: G1 completed 00:30 (3.5 h),
		// G2 23:30 (24 real hours across the shorter day): p85 = 3.5 + 0.85 × 20.5. 03-30: G3 completed 00:30 CEST,
		// never started. alpha: D1 in progress every day (N1 never left backlog). Charlie has the default limit and
		// targets (20, 96 h, 40 %).
		assertRows(List.of(
				expected("alpha", "2026-03-28", "all", 0, 0, 1, n, n, n, n, n, n, 0, 0, 1, false, 48, n, 70, n),
				expected("alpha", "2026-03-28", "defect", 0, 0, 1, n, n, n, n, n, n, 0, 0, n, n, n, n, n, n),
				expected("alpha", "2026-03-29", "all", 0, 0, 1, n, n, n, n, n, n, 0, 0, 1, false, 48, n, 70, n),
				expected("alpha", "2026-03-29", "defect", 0, 0, 1, n, n, n, n, n, n, 0, 0, n, n, n, n, n, n),
				expected("alpha", "2026-03-30", "all", 0, 0, 1, n, n, n, n, n, n, 0, 0, 1, false, 48, n, 70, n),
				expected("alpha", "2026-03-30", "defect", 0, 0, 1, n, n, n, n, n, n, 0, 0, n, n, n, n, n, n),
				expected("charlie", "2026-03-28", "all", 0, 2, 2, n, n, n, n, n, n, 0, 0, 20, false, 96, n, 40, n),
				expected("charlie", "2026-03-28", "debt", 0, 2, 2, n, n, n, n, n, n, 0, 0, n, n, n, n, n, n),
				expected("charlie", "2026-03-29", "all", 2, 0, 0, 13.75, 20.925, 22.975, 13.75, n, 100.0, 2, 2, 20,
						false, 96, false, 40, n),
				expected("charlie", "2026-03-29", "debt", 2, 0, 0, 13.75, 20.925, 22.975, 13.75, n, 100.0, 2, 2, n, n,
						n, n, n, n),
				expected("charlie", "2026-03-30", "all", 1, 0, 0, n, n, n, n, n, 100.0, 0, 3, 20, false, 96, n, 40, n),
				expected("charlie", "2026-03-30", "debt", 1, 0, 0, n, n, n, n, n, 100.0, 0, 3, n, n, n, n, n, n)));
	}

	@Test
	void aBackfillThatFailsHalfWayResumesWithoutRedoingCommittedDays() {
		System.setProperty("flowbatch.metrics.days-per-chunk", "1");
		jdbc.sql("""
				CREATE OR REPLACE FUNCTION fail_on_day() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.metric_date = DATE '2026-03-08' THEN RAISE EXCEPTION 'injected failure on %', NEW.metric_date; END IF;
				  RETURN NEW;
				END $$""").update();
		jdbc.sql("CREATE TRIGGER fail_on_day BEFORE INSERT OR UPDATE ON team_daily_metrics"
				+ " FOR EACH ROW EXECUTE FUNCTION fail_on_day()").update();

		CliRun failed = run("date=2026-03-10", "lookbackDays=5");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(CliRun.of("status", String.valueOf(failed.executionId())).out())
			.contains("injected failure on 2026-03-08");
		assertThat(daysWrittenBy(failed.executionId())).containsExactly("2026-03-05", "2026-03-06", "2026-03-07");

		jdbc.sql("DROP TRIGGER fail_on_day ON team_daily_metrics").update();
		CliRun restarted = CliRun.of("restart", String.valueOf(failed.executionId()));

		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(daysWrittenBy(failed.executionId())).containsExactly("2026-03-05", "2026-03-06", "2026-03-07");
		assertThat(daysWrittenBy(restarted.executionId())).containsExactly("2026-03-08", "2026-03-09", "2026-03-10");
	}

	@Test
	void theLastStepRefreshesTheCurrentFlowMetricsView() {
		CliRun run = run("date=2026-03-10", "lookbackDays=0");

		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("refresh-current-flow-metrics");
		// D1 is the only item in progress today (N1 never left backlog).
		assertThat(jdbc.sql("SELECT team_id || ' ' || item_type || ' ' || current_wip FROM current_flow_metrics"
				+ " WHERE current_wip > 0").query(String.class).list())
			.containsExactlyInAnyOrder("alpha defect 1", "alpha all 1");
	}

	@Test
	void badParametersAreRefusedAndTouchNothing() {
		run("date=2026-03-10", "lookbackDays=0");
		List<Map<String, Object>> before = jdbc.sql("SELECT * FROM team_daily_metrics ORDER BY 1, 2, 3").query().listOfRows();
		long executions = jdbc.sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single();

		CliRun future = CliRun.of("run", "daily-metrics", "date=2999-01-01");
		CliRun malformed = CliRun.of("run", "daily-metrics", "date=2026-02-30");
		CliRun negative = CliRun.of("run", "daily-metrics", "lookbackDays=-1");
		CliRun tooLarge = CliRun.of("run", "daily-metrics", "lookbackDays=401");

		assertThat(List.of(future, malformed, negative, tooLarge)).allSatisfy((r) -> assertThat(r.exitCode()).isEqualTo(2));
		assertThat(future.err()).contains("parameter 'date' must be at most today, got '2999-01-01'");
		assertThat(malformed.err()).contains("parameter 'date' must be a date");
		assertThat(negative.err()).contains("parameter 'lookbackDays' must be between 0 and 400, got '-1'");
		assertThat(tooLarge.err()).contains("got '401'");
		assertThat(jdbc.sql("SELECT * FROM team_daily_metrics ORDER BY 1, 2, 3").query().listOfRows()).isEqualTo(before);
		assertThat(jdbc.sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single()).isEqualTo(executions);
	}

	@Test
	void daysFlowItemRetentionMayHaveDeletedAreRecomputedOnlyWhenAskedTo() {
		TestS3.get();
		System.setProperty("flowbatch.s3.prefix", "metrics-guard-" + UUID.randomUUID());
		try {
			CliRun retention = CliRun.of("run", "flow-item-retention", "before=2026-03-09");
			assertThat(retention.exitCode()).as(retention.toString()).isZero();
		}
		finally {
			System.clearProperty("flowbatch.s3.prefix");
		}

		CliRun backfill;
		CliRun afterTheCutoff;
		CliRun anyway;
		try {
			backfill = run("date=2026-03-10", "lookbackDays=1");
			afterTheCutoff = run("date=2026-03-10", "lookbackDays=0");
			anyway = run("date=2026-03-10", "lookbackDays=1", "allowIncompleteHistory=true");
		}
		finally {
			forgetRetentionRuns();
		}

		assertThat(backfill.exitCode()).as(backfill.toString()).isEqualTo(2);
		assertThat(backfill.err()).contains("days up to 2026-03-09 cannot be recomputed completely")
			.contains("allowIncompleteHistory=true");
		assertThat(afterTheCutoff.exitCode()).as(afterTheCutoff.toString()).isZero();
		assertThat(anyway.exitCode()).as(anyway.toString()).isZero();
		assertThat(keys()).contains("alpha 2026-03-09 all");
	}

	@Test
	void aCompletedDateIsRecomputedOnlyWhenAskedTo() {
		run("date=2026-03-10", "lookbackDays=0", "rerun=0");

		CliRun again = CliRun.of("run", "daily-metrics", "date=2026-03-10", "rerun=0");
		CliRun deliberately = CliRun.of("run", "daily-metrics", "date=2026-03-10", "lookbackDays=0",
				"rerun=" + RERUN.incrementAndGet());

		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).contains("already COMPLETED");
		assertThat(deliberately.exitCode()).isZero();
	}

	private static CliRun run(String... parameters) {
		String[] args = new String[parameters.length + 2];
		args[0] = "run";
		args[1] = "daily-metrics";
		System.arraycopy(parameters, 0, args, 2, parameters.length);
		boolean explicitRerun = List.of(parameters).stream().anyMatch((p) -> p.startsWith("rerun="));
		if (!explicitRerun) {
			args = java.util.Arrays.copyOf(args, args.length + 1);
			args[args.length - 1] = "rerun=" + RERUN.incrementAndGet();
		}
		return CliRun.of(args);
	}

	private static Map<String, Object> row(String team, String day, String type) {
		return jdbc.sql("SELECT * FROM team_daily_metrics WHERE team_id = ? AND metric_date = CAST(? AS DATE) AND item_type = ?")
			.params(team, day, type)
			.query()
			.singleRow();
	}

	private static List<String> keys() {
		return jdbc.sql("SELECT team_id || ' ' || metric_date || ' ' || item_type FROM team_daily_metrics")
			.query(String.class)
			.list();
	}

	private static List<String> daysWrittenBy(long executionId) {
		return jdbc.sql("SELECT DISTINCT metric_date::TEXT FROM team_daily_metrics WHERE job_execution_id = ? ORDER BY 1")
			.param(executionId)
			.query(String.class)
			.list();
	}

	private static List<Map<String, Object>> metricsWithoutProvenance() {
		List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM team_daily_metrics ORDER BY 1, 2, 3").query().listOfRows();
		rows.forEach((row) -> {
			row.remove("computed_at");
			row.remove("job_execution_id");
		});
		return rows;
	}

	private static void item(String key, String team, String type, String status, String created, String completed,
			String updated) {
		jdbc.sql("""
				INSERT INTO flow_items (id, external_id, team_id, item_type, current_stage, status, created_at,
				                        updated_at, completed_at)
				VALUES (?, ?, ?, ?, 'n/a', ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP))""")
			.params(id(key), key, team, type, status, created, updated, completed)
			.update();
	}

	private static void transition(String key, String stage, String at) {
		jdbc.sql("INSERT INTO stage_transitions (flow_item_id, to_stage, transitioned_at) VALUES (?, ?, CAST(? AS TIMESTAMP))")
			.params(id(key), stage, at)
			.update();
	}

	private static void metric(String key, String stage, int activeSeconds, int waitSeconds, String started,
			String ended) {
		jdbc.sql("""
				INSERT INTO stage_metrics (flow_item_id, stage, active_time_seconds, wait_time_seconds, started_at, ended_at)
				VALUES (?, ?, ?, ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP))""")
			.params(id(key), stage, activeSeconds, waitSeconds, started, ended)
			.update();
	}

	/** These tests recompute March 2026: the job repository forgets every retention run, whose cutoffs are later. */
	private static void forgetRetentionRuns() {
		String executions = "SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id IN"
				+ " (SELECT job_instance_id FROM batch_job_instance WHERE job_name = 'flow-item-retention')";
		jdbc.sql("DELETE FROM batch_step_execution_context WHERE step_execution_id IN (SELECT step_execution_id FROM"
				+ " batch_step_execution WHERE job_execution_id IN (" + executions + "))").update();
		for (String table : List.of("batch_step_execution", "batch_job_execution_context", "batch_job_execution_params")) {
			jdbc.sql("DELETE FROM " + table + " WHERE job_execution_id IN (" + executions + ")").update();
		}
		jdbc.sql("DELETE FROM batch_job_execution WHERE job_execution_id IN (" + executions + ")").update();
		jdbc.sql("DELETE FROM batch_job_instance WHERE job_name = 'flow-item-retention'").update();
	}

	private static Map<String, Object> expected(Object... values) {
		Map<String, Object> row = new java.util.LinkedHashMap<>();
		for (int i = 0; i < COLUMNS.size(); i++) {
			row.put(COLUMNS.get(i), values[i]);
		}
		return row;
	}

	private static void assertRows(List<Map<String, Object>> expected) {
		assertRows(expected, "");
	}

	/** Every row (that {@code where} selects), every column: numbers within 1e-9, the rest equal. */
	private static void assertRows(List<Map<String, Object>> expected, String where) {
		List<Map<String, Object>> actual = jdbc
			.sql("SELECT " + String.join(", ", COLUMNS) + " FROM team_daily_metrics " + where + " ORDER BY 1, 2, 3")
			.query()
			.listOfRows();
		assertThat(actual).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			for (String column : COLUMNS) {
				Object want = expected.get(i).get(column);
				Object got = actual.get(i).get(column);
				String cell = expected.get(i).get("team_id") + " " + expected.get(i).get("metric_date") + " "
						+ expected.get(i).get("item_type") + " " + column;
				if (want instanceof Double number) {
					assertThat(((Number) got).doubleValue()).as(cell).isCloseTo(number, within(1e-9));
				}
				else if (want instanceof Integer number && got != null) {
					assertThat(((Number) got).intValue()).as(cell).isEqualTo(number);
				}
				else {
					assertThat(String.valueOf(got)).as(cell).isEqualTo(String.valueOf(want));
				}
			}
		}
	}

	private static UUID id(String key) {
		return UUID.nameUUIDFromBytes(key.getBytes());
	}

}
