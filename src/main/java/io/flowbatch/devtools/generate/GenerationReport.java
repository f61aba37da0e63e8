package io.flowbatch.devtools.generate;

import java.time.Duration;

/**
 * What one {@link WorkloadGenerator#generate} run added.
 * @param newTeams teams inserted; teams that a previous run created are reused, not counted
 * @param webhookPayloadBytes the payloads' total length as jsonb text
 * @param elapsed from the first statement to the end of ANALYZE
 */
public record GenerationReport(long newTeams, long flowItems, long stageTransitions, long stageMetrics,
		long webhookEvents, long webhookPayloadBytes, Duration elapsed) {

	public long totalRows() {
		return this.newTeams + this.flowItems + this.stageTransitions + this.stageMetrics + this.webhookEvents;
	}

	public long rowsPerSecond() {
		return Math.round(totalRows() / Math.max(0.001, this.elapsed.toMillis() / 1000.0));
	}

}
