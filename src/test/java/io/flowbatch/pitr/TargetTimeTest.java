package io.flowbatch.pitr;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TargetTimeTest {

	@Test
	void autoPicksNoTime() {
		assertThat(TargetTime.parse("auto")).isEmpty();
		assertThat(TargetTime.parse(null)).isEmpty();
	}

	@Test
	void isoAndPostgresSpellingsAreRead() {
		Instant expected = Instant.parse("2026-11-28T22:09:43.280608Z");

		assertThat(TargetTime.parse("2026-11-28T22:09:43.280608Z")).contains(expected);
		assertThat(TargetTime.parse("2026-11-28 22:09:43.280608+00")).contains(expected);
		assertThat(TargetTime.parse("2026-11-28 23:09:43.280608+01:00")).contains(expected);
		assertThat(TargetTime.parse("2026-11-28T22:09:43.280608")).as("UTC without an offset").contains(expected);
	}

	@Test
	void pgBackRestGetsMicrosecondsInUtc() {
		assertThat(TargetTime.forPostgres(Instant.parse("2026-11-28T22:09:43.5Z")))
			.isEqualTo("2026-11-28 22:09:43.500000+00");
	}

	@Test
	void anythingElseIsAUsageError() {
		assertThatIllegalArgumentException().isThrownBy(() -> TargetTime.parse("yesterday-ish"))
			.withMessageContaining("target must be 'auto' or a time");
	}

}
