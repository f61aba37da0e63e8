package io.flowbatch.webhookreprocess;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A failed {@code webhook_events} row as read.
 * @param attempts how often flowbatch has already returned it to pending
 */
record FailedEvent(long id, String source, String eventType, String deliveryId, String payload,
		@Nullable String errorMessage, LocalDateTime receivedAt, long attempts) {
}
