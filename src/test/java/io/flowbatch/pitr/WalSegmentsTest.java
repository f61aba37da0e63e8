package io.flowbatch.pitr;

import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WalSegmentsTest {

	private static final long SIXTEEN_MB = 16 * 1024 * 1024;

	@Test
	void aCompleteRangeHasNoGap() {
		TreeSet<String> archived = new TreeSet<>(java.util.List.of("000000010000000000000002",
				"000000010000000000000003", "000000010000000000000004"));

		assertThat(WalSegments.firstGap(archived, "000000010000000000000002", "000000010000000000000004", SIXTEEN_MB))
			.isEmpty();
	}

	@Test
	void theFirstMissingSegmentIsNamed() {
		TreeSet<String> archived = new TreeSet<>(java.util.List.of("000000010000000000000002",
				"000000010000000000000005"));

		assertThat(WalSegments.firstGap(archived, "000000010000000000000002", "000000010000000000000005", SIXTEEN_MB))
			.contains("000000010000000000000003");
	}

	@Test
	void segmentsRollOverIntoTheNextLogAtTheSegmentSize() {
		TreeSet<String> archived = new TreeSet<>(java.util.List.of("0000000100000000000000FF",
				"000000010000000100000000"));

		assertThat(WalSegments.firstGap(archived, "0000000100000000000000FF", "000000010000000100000000", SIXTEEN_MB))
			.isEmpty();
		// 64 MB segments: 64 per log, the last is 3F.
		TreeSet<String> large = new TreeSet<>(java.util.List.of("00000001000000000000003F", "000000010000000100000000"));
		assertThat(WalSegments.firstGap(large, "00000001000000000000003F", "000000010000000100000000", 4 * SIXTEEN_MB))
			.isEmpty();
	}

	@Test
	void aPromotedTimelineContinuesItsParentsWal() {
		TreeSet<String> archived = new TreeSet<>(java.util.List.of("000000010000000000000002",
				"000000010000000000000003", "000000020000000000000004"));

		assertThat(WalSegments.firstGap(archived, "000000010000000000000002", "000000020000000000000004", SIXTEEN_MB))
			.isEmpty();
		assertThat(WalSegments.firstGap(archived, "000000010000000000000002", "000000020000000000000005", SIXTEEN_MB))
			.contains("000000020000000000000005");
	}

	@Test
	void historyAndBackupFilesAreNotSegments() {
		assertThat(WalSegments.isSegmentName("000000010000000000000002")).isTrue();
		assertThat(WalSegments.isSegmentName("00000002.history")).isFalse();
		assertThat(WalSegments.isSegmentName("000000010000000000000002.00000028.backup")).isFalse();
	}

}
