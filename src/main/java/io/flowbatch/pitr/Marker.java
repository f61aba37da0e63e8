package io.flowbatch.pitr;

import java.time.Instant;
import java.util.Map;

/** A row of {@code pitr_markers}: when it was written and the flow-metrics tables' row counts at that moment. */
record Marker(long id, Instant writtenAt, Map<String, Long> rowCounts) {
}
