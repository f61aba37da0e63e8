package io.flowbatch.console;

import java.sql.Timestamp;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

	private static final LocalDateTime START = LocalDateTime.of(2026, 11, 28, 2, 0, 1);

	@Test
	void timesAreShownAsStoredAndDurationsAsHoursMinutesSeconds() {
		assertThat(Formats.time(Timestamp.valueOf(START))).isEqualTo("2026-11-28 02:00:01");
		assertThat(Formats.time(null)).isEqualTo("-");
		assertThat(Formats.duration(START, START.plusHours(26).plusMinutes(3).plusSeconds(4))).isEqualTo("26:03:04");
		assertThat(Formats.duration(null, null)).isEqualTo("-");
		assertThat(Formats.duration(LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(5), null))
			.endsWith(" (running)");
	}

	@Test
	void sizesInBinaryUnitsCountsWithSeparatorsSecondsWithHundredthsWhenSmall() {
		assertThat(Formats.bytes(512)).isEqualTo("512 B");
		assertThat(Formats.bytes(1536L)).isEqualTo("1.5 KiB");
		assertThat(Formats.bytes(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
		assertThat(Formats.count(1234567L)).isEqualTo("1,234,567");
		assertThat(Formats.count(null)).isEqualTo("-");
		assertThat(Formats.seconds(0.347)).isEqualTo("0.35 s");
		assertThat(Formats.seconds(3600.0)).isEqualTo("3600.0 s");
		assertThat(Formats.seconds(null)).isEqualTo("-");
	}

}
