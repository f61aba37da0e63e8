package io.flowbatch.console;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The measured RTO of each restore test (or PITR drill) over time, against the target, as inline SVG drawn on the
 * server: no script, nothing fetched. Each point links to its execution and names its time, RTO and outcome on hover.
 */
final class RtoChart {

	/**
	 * What a chart plots: its element id, what its points are, and the phases its RTO adds up. Restore tests and PITR
	 * drills each have a chart: their targets differ (flowbatch.restore.rto-target, flowbatch.pitr.rto-target).
	 */
	record Kind(String id, String tests, String phases) {

		static final Kind RESTORE_TESTS = new Kind("rto-chart", "restore tests", "download + restore + validate");

		static final Kind PITR_DRILLS = new Kind("pitr-rto-chart", "PITR drills", "restore + recovery + validate");

	}

	record Point(long executionId, LocalDateTime testedAt, @Nullable Double rtoSeconds, double targetSeconds,
			boolean passed) {
	}

	private static final int WIDTH = 900;

	private static final int HEIGHT = 280;

	private static final int LEFT = 64;

	private static final int RIGHT = 24;

	private static final int TOP = 20;

	private static final int BOTTOM = 40;

	private static final int Y_TICKS = 4;

	/** The target is drawn when it is at most this many times the largest RTO. */
	private static final double TARGET_SHOWN_WITHIN = 3;

	private RtoChart() {
	}

	/** {@code points} oldest first; at least one. */
	static void render(Html out, Kind kind, List<Point> points) {
		double target = points.get(points.size() - 1).targetSeconds();
		double yMax = yMax(points, target);
		LocalDateTime first = points.get(0).testedAt();
		LocalDateTime last = points.get(points.size() - 1).testedAt();
		double span = Math.max(1, Duration.between(first, last).toMillis());
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		out.open("svg", "id", kind.id(), "xmlns", "http://www.w3.org/2000/svg", "width", WIDTH, "height", HEIGHT,
				"viewBox", "0 0 " + WIDTH + " " + HEIGHT, "role", "img", "aria-label",
				"RTO of the " + kind.tests() + " over time (" + points.size() + ")")
			.raw("<style>text{font:11px system-ui,sans-serif;fill:#4a5160}</style>");
		for (int tick = 0; tick <= Y_TICKS; tick++) {
			double value = yMax * tick / Y_TICKS;
			double y = TOP + plotHeight - plotHeight * tick / (double) Y_TICKS;
			out.open("line", "x1", LEFT, "x2", WIDTH - RIGHT, "y1", fmt(y), "y2", fmt(y), "stroke", "#e8ebf0")
				.close("line")
				.element("text", label(value), "x", LEFT - 6, "y", fmt(y + 4), "text-anchor", "end");
		}
		if (target <= yMax) {
			double targetY = TOP + plotHeight - plotHeight * target / yMax;
			out.open("line", "id", kind.id() + "-target", "x1", LEFT, "x2", WIDTH - RIGHT, "y1", fmt(targetY), "y2",
					fmt(targetY), "stroke", "#c62828", "stroke-dasharray", "6 4")
				.close("line")
				.element("text", "target " + label(target), "x", WIDTH - RIGHT, "y", fmt(targetY - 5), "text-anchor",
						"end", "style", "fill:#c62828");
		}
		else {
			out.element("text", "target " + label(target) + ", far above every RTO measured", "x", WIDTH - RIGHT, "y",
					TOP - 6, "text-anchor", "end", "style", "fill:#c62828");
		}
		StringBuilder line = new StringBuilder();
		StringBuilder dots = new StringBuilder();
		for (Point point : points) {
			double x = (points.size() == 1) ? LEFT + plotWidth / 2.0
					: LEFT + plotWidth * Duration.between(first, point.testedAt()).toMillis() / span;
			double rto = (point.rtoSeconds() != null) ? point.rtoSeconds() : 0;
			double y = TOP + plotHeight - plotHeight * rto / yMax;
			if (point.rtoSeconds() != null) {
				line.append(line.isEmpty() ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
			}
			Html dot = new Html().open("a", "href", ExecutionPage.path(point.executionId()))
				.open("circle", "cx", fmt(x), "cy", fmt(y), "r", 5, "fill", point.passed() ? "#2e7d32" : "#c62828",
						"class", point.passed() ? "passed" : "failed")
				.element("title", Formats.time(point.testedAt()) + " UTC, execution " + point.executionId() + ": "
						+ ((point.rtoSeconds() != null) ? "RTO " + Formats.seconds(point.rtoSeconds()) : "no RTO")
						+ (point.passed() ? ", passed" : ", failed"))
				.close("circle")
				.close("a");
			dots.append(dot);
		}
		if (!line.isEmpty()) {
			out.open("polyline", "points", line, "fill", "none", "stroke", "#1f5fbf", "stroke-width", 2)
				.close("polyline");
		}
		out.raw(dots.toString())
			.element("text", Formats.time(first), "x", LEFT, "y", HEIGHT - 14, "text-anchor", "start");
		if (points.size() > 1) {
			out.element("text", Formats.time(last), "x", WIDTH - RIGHT, "y", HEIGHT - 14, "text-anchor", "end");
		}
		out.element("text", "RTO (" + kind.phases() + "), UTC time", "x", LEFT + plotWidth / 2, "y",
				HEIGHT - 2, "text-anchor", "middle")
			.close("svg");
	}

	/**
	 * The scale: up to the target when the RTOs come near it; when they are all far below (a 1 h target, RTOs of
	 * seconds) up to the largest RTO, so that a trend stays visible, with the target named above the chart.
	 */
	static double yMax(List<Point> points, double target) {
		double largest = points.stream()
			.map(Point::rtoSeconds)
			.filter((rto) -> rto != null)
			.mapToDouble(Double::doubleValue)
			.max()
			.orElse(0);
		double top = (target > TARGET_SHOWN_WITHIN * largest) ? largest : Math.max(largest, target);
		return (top > 0) ? top * 1.15 : 1;
	}

	private static String label(double seconds) {
		if (seconds >= 120) {
			return String.format(Locale.ROOT, "%.1f min", seconds / 60);
		}
		return String.format(Locale.ROOT, (seconds > 0 && seconds < 10) ? "%.2f s" : "%.1f s", seconds);
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
