package io.flowbatch.webhookreprocess;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a failed event's {@code error_message} says went wrong, and so what reprocessing can do about it (the design's
 * runbook 3): a missing flow item can be created from the payload, a transient failure retried as it is; a payload
 * the service rejects fails again, so it is left failed, as is an error nobody has classified yet.
 */
enum ErrorClass {

	/** The event refers to an issue the service has no flow item for ("Flow item not found"). */
	FLOW_ITEM_NOT_FOUND("(?i)flow item not found|no flow item matches"),
	/** Timeouts, serialization failures, deadlocks, lost connections: the same event succeeds later. */
	TRANSIENT("(?i)timeout|timed out|could not serialize|deadlock detected|connection (lost|refused|reset)"
			+ "|terminating connection|too many connections|temporarily unavailable"),
	/** The service rejects the payload itself: retrying fails the same way. */
	PERMANENT("(?i)validation failed|unknown transition|is not mapped|malformed|invalid payload"),
	/** Anything else: left failed for a person to look at, and reported. */
	UNRECOGNISED(null);

	private final @Nullable Pattern pattern;

	ErrorClass(@Nullable String regex) {
		this.pattern = (regex != null) ? Pattern.compile(regex) : null;
	}

	static ErrorClass of(@Nullable String errorMessage) {
		if (errorMessage != null) {
			for (ErrorClass errorClass : values()) {
				if (errorClass.pattern != null && errorClass.pattern.matcher(errorMessage).find()) {
					return errorClass;
				}
			}
		}
		return UNRECOGNISED;
	}

	/** The name in the attempts table, metrics and summaries, e.g. {@code flow-item-not-found}. */
	String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
