package io.flowbatch.dailymetrics;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.metrics.*}.
 * @param zone the zone whose calendar days the metrics are per (DST days have 23 or 25 hours)
 * @param daysPerChunk days recomputed per chunk (one transaction, one SQL statement); a restart resumes after the
 * last committed chunk
 */
@ConfigurationProperties("flowbatch.metrics")
public record DailyMetricsProperties(@DefaultValue("UTC") ZoneId zone, @DefaultValue("90") int daysPerChunk) {
}
