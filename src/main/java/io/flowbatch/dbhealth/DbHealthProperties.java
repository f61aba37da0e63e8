package io.flowbatch.dbhealth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code flowbatch.db-health.*}.
 * @param diskCapacity the space the database may fill (its volume, or the instance's allocated storage); unset: no
 * "disk full in N days" projection, growth only
 * @param largeTableRows a table with at least this many live rows is large: sequential scans on it are reported
 * @param longRunning an active statement running longer is reported
 * @param idleInTransaction a session idle in a transaction for longer is reported
 * @param slowStatements how many statements of pg_stat_statements, by mean time, are reported
 */
@ConfigurationProperties("flowbatch.db-health")
public record DbHealthProperties(@Nullable DataSize diskCapacity, @DefaultValue("100000") long largeTableRows,
		@DefaultValue("5m") Duration longRunning, @DefaultValue("1m") Duration idleInTransaction,
		@DefaultValue("20") int slowStatements) {
}
