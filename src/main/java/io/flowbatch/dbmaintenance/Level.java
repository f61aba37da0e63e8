package io.flowbatch.dbmaintenance;

import java.util.Arrays;
import java.util.Locale;

/** The design's maintenance schedule: daily ANALYZE, weekly VACUUM (ANALYZE), monthly REINDEX of bloated indexes. */
enum Level {

	DAILY, WEEKLY, MONTHLY;

	static Level of(String raw) {
		return Arrays.stream(values())
			.filter((level) -> level.name().equalsIgnoreCase(raw))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("level must be daily, weekly or monthly, got '" + raw + "'"));
	}

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
