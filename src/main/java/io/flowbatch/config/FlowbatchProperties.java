package io.flowbatch.config;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by all jobs ({@code flowbatch.*}).
 * @param zone the zone in which job parameters' calendar days ({@code today}, {@code date=...}) are read
 * @param shutdownGracePeriod how long SIGTERM waits for the running step to stop at a chunk boundary
 * @param progressInterval how often a run logs a progress line when its output is not a terminal (cron, Kubernetes)
 */
@ConfigurationProperties("flowbatch")
public record FlowbatchProperties(@DefaultValue("UTC") ZoneId zone, @DefaultValue("25s") Duration shutdownGracePeriod,
		@DefaultValue("30s") Duration progressInterval) {
}
