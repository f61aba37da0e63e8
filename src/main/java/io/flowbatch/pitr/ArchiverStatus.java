package io.flowbatch.pitr;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_stat_archiver} and the WAL position at one moment (times in UTC), and what they say against the RPO and
 * the previous check.
 */
record ArchiverStatus(long archivedCount, long failedCount, String lastArchivedWal, LocalDateTime lastArchivedAt,
		String lastFailedWal, LocalDateTime lastFailedAt, LocalDateTime statsReset, LocalDateTime now,
		String currentWal, String archiveMode) {

	/** WAL was written after the last archived segment (or nothing was ever archived). */
	boolean walAwaitsArchiving() {
		if (this.lastArchivedWal == null) {
			return true;
		}
		// A .history or .backup file archived last: compare its segment part only.
		String archived = this.lastArchivedWal.length() >= 24 ? this.lastArchivedWal.substring(0, 24)
				: this.lastArchivedWal;
		return !WalSegments.isSegmentName(archived) || this.currentWal.compareTo(archived) > 0;
	}

	/** How long ago the last WAL was archived; null when never. */
	Duration lastArchivedAge() {
		return (this.lastArchivedAt == null) ? null : Duration.between(this.lastArchivedAt, this.now);
	}

	/**
	 * What is wrong: archiving off, WAL older than the RPO not archived, archive_command failing since the previous
	 * check ({@code previous}, null for the first check or after a statistics reset). Failures that archiving has
	 * recovered from since are not a problem (pgBackRest retries).
	 */
	List<String> problems(Duration rpo, Previous previous) {
		List<String> problems = new ArrayList<>();
		if (!"on".equals(this.archiveMode) && !"always".equals(this.archiveMode)) {
			problems.add("archive_mode is " + this.archiveMode + ": no WAL is archived");
			return problems;
		}
		if (walAwaitsArchiving()) {
			if (this.lastArchivedAt == null) {
				problems.add("RPO exceeded: no WAL has been archived since the statistics reset at " + this.statsReset);
			}
			else if (lastArchivedAge().compareTo(rpo) > 0) {
				problems.add("RPO exceeded: WAL written after " + this.lastArchivedWal + " is not archived; the last"
						+ " segment was archived " + describe(lastArchivedAge()) + " ago at " + this.lastArchivedAt
						+ "Z, the RPO is " + describe(rpo));
			}
		}
		if (newFailures(previous) > 0 && failingNow()) {
			problems.add("archive_command is failing: " + newFailures(previous) + " failures since the last check, the last for "
					+ this.lastFailedWal + " at " + this.lastFailedAt + "Z");
		}
		return problems;
	}

	/** archive_command failures since the previous check that archiving has recovered from. */
	long recoveredFailures(Previous previous) {
		return failingNow() ? 0 : newFailures(previous);
	}

	private long newFailures(Previous previous) {
		return (previous == null || !sameStatistics(previous)) ? this.failedCount
				: this.failedCount - previous.failedCount();
	}

	/** The last archive_command failure is newer than the last success. */
	private boolean failingNow() {
		return this.lastFailedAt != null
				&& (this.lastArchivedAt == null || this.lastFailedAt.isAfter(this.lastArchivedAt));
	}

	private boolean sameStatistics(Previous previous) {
		return previous.statsReset() != null && previous.statsReset().equals(this.statsReset)
				&& previous.failedCount() <= this.failedCount;
	}

	/** What the previous check saw. */
	record Previous(long failedCount, LocalDateTime statsReset) {
	}

	static String describe(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 120) {
			return seconds + " s";
		}
		if (seconds < 7200) {
			return (seconds / 60) + " min";
		}
		return String.format("%.1f h", seconds / 3600.0);
	}

}
