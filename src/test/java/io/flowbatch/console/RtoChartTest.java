package io.flowbatch.console;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RtoChartTest {

	private static final LocalDateTime MONDAY = LocalDateTime.of(2026, 11, 23, 3, 0);

	@Test
	void eachTestIsALinkedPointColouredByItsOutcomeOnOneLine() {
		List<RtoChart.Point> points = List.of(new RtoChart.Point(7, MONDAY, 40.0, 60, true),
				new RtoChart.Point(9, MONDAY.plusDays(1), 75.0, 60, false),
				new RtoChart.Point(12, MONDAY.plusDays(2), null, 60, false));

		String svg = render(points);

		assertThat(svg).startsWith("<svg id=\"rto-chart\"")
			.endsWith("</svg>")
			.contains("RTO of the restore tests over time (3)");
		assertThat(svg.split("<circle", -1)).hasSize(4);
		assertThat(svg).contains("<a href=\"/executions/7\">", "<a href=\"/executions/9\">",
				"<a href=\"/executions/12\">");
		assertThat(svg).contains("2026-11-24 03:00:00 UTC, execution 9: RTO 75.0 s, failed")
			.contains("execution 12: no RTO, failed");
		// the line joins the measured RTOs only
		assertThat(svg).containsPattern("<polyline points=\"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+\"");
		assertThat(svg).contains("id=\"rto-chart-target\"").contains("target 60.0 s");
	}

	@Test
	void aTargetFarAboveEveryRtoIsNamedNotDrawnSoThatTheTrendStaysVisible() {
		List<RtoChart.Point> points = List.of(new RtoChart.Point(1, MONDAY, 4.0, 3600, true),
				new RtoChart.Point(2, MONDAY.plusHours(1), 5.0, 3600, true));

		assertThat(RtoChart.yMax(points, 3600)).isEqualTo(5.0 * 1.15);
		assertThat(render(points)).doesNotContain("id=\"rto-chart-target\"").contains("target 60.0 min, far above");
		assertThat(RtoChart.yMax(points, 12)).isEqualTo(12 * 1.15);
	}

	@Test
	void oneTestIsDrawnInTheMiddle() {
		String svg = render(List.of(new RtoChart.Point(3, MONDAY, 10.0, 20, true)));

		assertThat(svg).contains("cx=\"470.0\"");
	}

	@Test
	void thePitrDrillsHaveTheirOwnChartNamingTheirPhases() {
		Html html = new Html();
		RtoChart.render(html, RtoChart.Kind.PITR_DRILLS, List.of(new RtoChart.Point(5, MONDAY, 30.0, 40, true)));

		assertThat(html.toString()).startsWith("<svg id=\"pitr-rto-chart\"")
			.contains("id=\"pitr-rto-chart-target\"", "RTO of the PITR drills over time (1)",
					"RTO (restore + recovery + validate)");
	}

	private static String render(List<RtoChart.Point> points) {
		Html html = new Html();
		RtoChart.render(html, RtoChart.Kind.RESTORE_TESTS, points);
		return html.toString();
	}

}
