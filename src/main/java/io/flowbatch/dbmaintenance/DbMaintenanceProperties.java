package io.flowbatch.dbmaintenance;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code flowbatch.db-maintenance.*}.
 * @param lockTimeout how long each statement waits for its lock; a relation it cannot lock in time is skipped and
 * retried on the next run
 * @param minModifiedRows a table is analyzed (vacuumed) when its rows modified since the last analyze (or its dead
 * tuples) reach this many
 * @param modifiedFraction ... and this fraction of its live rows
 * @param bloatRatio an index is rebuilt when its estimated bloat reaches this share
 * @param minIndexBytes smaller indexes are never rebuilt
 */
@ConfigurationProperties("flowbatch.db-maintenance")
public record DbMaintenanceProperties(@DefaultValue("5s") Duration lockTimeout,
		@DefaultValue("1000") long minModifiedRows, @DefaultValue("0.1") double modifiedFraction,
		@DefaultValue("0.3") double bloatRatio, @DefaultValue("1MB") DataSize minIndexBytes) {
}
