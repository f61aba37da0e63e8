package io.flowbatch.devtools.generate;

import java.util.UUID;

/** One generated webhook_events row; processedAt is set for processed events, errorMessage for failed ones. */
record WebhookEvent(String source, String eventType, UUID deliveryId, String payload, String processingStatus,
		String errorMessage, long receivedAt, Long processedAt) {
}
