package io.flowbatch.dbmaintenance;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** What became of a planned statement. */
record ActionOutcome(PlannedAction action, Result result, String detail, @Nullable Long bytesBefore,
		@Nullable Long bytesAfter, double seconds) {

	enum Result {

		DONE, SKIPPED_LOCKED, DRY_RUN;

		String label() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
