package io.flowbatch.pitr;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * WAL segment names ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, then the segment number as "log" and "seg" parts,
 * {@code 0x100000000 / wal_segment_size} segments per log) and the continuity of an archived range.
 */
final class WalSegments {

	private WalSegments() {
	}

	static boolean isSegmentName(String name) {
		return name.length() == 24 && name.chars().allMatch((c) -> Character.digit(c, 16) >= 0);
	}

	/** The timeline of a segment name. */
	static long timeline(String segment) {
		return Long.parseLong(segment.substring(0, 8), 16);
	}

	/** A segment's position in the WAL regardless of timeline and segment size: log * 2^32 + seg. */
	static long position(String segment) {
		return (Long.parseLong(segment.substring(8, 16), 16) << 32) + Long.parseLong(segment.substring(16, 24), 16);
	}

	/**
	 * The first segment from {@code first} to {@code last} (both included) that is missing from {@code archived},
	 * for {@code walSegmentSize}-byte segments. A position counts as present when a segment of any timeline up to
	 * {@code last}'s holds it (a promoted timeline continues the WAL of its parent).
	 */
	static Optional<String> firstGap(SortedSet<String> archived, String first, String last, long walSegmentSize) {
		long segmentsPerLog = 0x1_0000_0000L / walSegmentSize;
		long lastTimeline = timeline(last);
		Map<Long, Long> timelineAt = new HashMap<>();
		for (String segment : archived) {
			if (timeline(segment) <= lastTimeline) {
				timelineAt.merge(position(segment), timeline(segment), Math::max);
			}
		}
		long timeline = timeline(first);
		long log = Long.parseLong(first.substring(8, 16), 16);
		long seg = Long.parseLong(first.substring(16, 24), 16);
		long end = position(last);
		while ((log << 32) + seg <= end) {
			Long archivedTimeline = timelineAt.get((log << 32) + seg);
			if (archivedTimeline == null) {
				return Optional.of(String.format("%08X%08X%08X", timeline, log, seg));
			}
			timeline = archivedTimeline;
			seg++;
			if (seg == segmentsPerLog) {
				seg = 0;
				log++;
			}
		}
		return Optional.empty();
	}

}
