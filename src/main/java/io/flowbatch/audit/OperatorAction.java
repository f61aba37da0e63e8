package io.flowbatch.audit;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** One recorded {@code run}, {@code restart}, {@code stop}, {@code abandon} or {@code recover}. */
public record OperatorAction(long executionId, String action, OffsetDateTime actedAt, String actor, String host,
		String version, @Nullable String reason) {

	/** The verbs recorded: the ones that start an execution or change its status. */
	public enum Kind {

		RUN, RESTART, STOP, ABANDON, RECOVER;

		public String verb() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
