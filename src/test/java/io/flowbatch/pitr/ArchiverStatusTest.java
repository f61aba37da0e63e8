package io.flowbatch.pitr;

import java.time.Duration;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiverStatusTest {

	private static final LocalDateTime NOW = LocalDateTime.parse("2026-11-28T12:00:00");

	private static final LocalDateTime RESET = LocalDateTime.parse("2026-11-01T00:00:00");

	private static ArchiverStatus status(String lastArchived, LocalDateTime archivedAt, long failed, LocalDateTime failedAt,
			String current) {
		return new ArchiverStatus(100, failed, lastArchived, archivedAt, (failedAt != null) ? "00000001000000000000000A" : null,
				failedAt, RESET, NOW, current, "on");
	}

	@Test
	void anIdleDatabaseWithNothingUnarchivedKeepsTheRpoHoweverOldTheLastArchive() {
		ArchiverStatus idle = status("000000010000000000000009", NOW.minusHours(5), 0, null, "000000010000000000000009");

		assertThat(idle.problems(Duration.ofMinutes(5), null)).isEmpty();
	}

	@Test
	void walWaitingLongerThanTheRpoIsAProblem() {
		ArchiverStatus behind = status("000000010000000000000009", NOW.minusMinutes(7), 0, null,
				"00000001000000000000000A");

		assertThat(behind.problems(Duration.ofMinutes(5), null)).singleElement()
			.asString()
			.startsWith("RPO exceeded: WAL written after 000000010000000000000009 is not archived")
			.contains("archived 7 min ago");
		assertThat(behind.problems(Duration.ofMinutes(10), null)).isEmpty();
	}

	@Test
	void failuresSinceTheLastCheckAreAProblemOnlyWhileArchivingStillFails() {
		ArchiverStatus failing = status("000000010000000000000009", NOW.minusMinutes(1), 7, NOW.minusSeconds(10),
				"00000001000000000000000A");
		ArchiverStatus recovered = status("00000001000000000000000A", NOW.minusSeconds(5), 7, NOW.minusSeconds(10),
				"00000001000000000000000A");
		ArchiverStatus.Previous previous = new ArchiverStatus.Previous(4, RESET);

		assertThat(failing.problems(Duration.ofMinutes(5), previous)).containsExactly("archive_command is failing: 3"
				+ " failures since the last check, the last for 00000001000000000000000A at 2026-11-28T11:59:50Z");
		assertThat(recovered.problems(Duration.ofMinutes(5), previous)).isEmpty();
		assertThat(recovered.recoveredFailures(previous)).isEqualTo(3);
		assertThat(failing.problems(Duration.ofMinutes(5), new ArchiverStatus.Previous(7, RESET))).isEmpty();
	}

	@Test
	void archivingOffIsAProblemOfItsOwn() {
		ArchiverStatus off = new ArchiverStatus(0, 0, null, null, null, null, RESET, NOW, "000000010000000000000009",
				"off");

		assertThat(off.problems(Duration.ofMinutes(5), null)).containsExactly("archive_mode is off: no WAL is archived");
	}

}
