package io.flowbatch.webhookreprocess;

import io.flowbatch.metrics.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.SkipListener;

/**
 * Records each event the triage left failed, with its reason, in the chunk's transaction (the skip count of the step
 * counts them).
 */
class LeftFailedRecorder implements SkipListener<FailedEvent, Repair> {

	private static final Logger logger = LoggerFactory.getLogger(LeftFailedRecorder.class);

	private final Attempts attempts;

	private final JobMetrics metrics;

	LeftFailedRecorder(Attempts attempts, JobMetrics metrics) {
		this.attempts = attempts;
		this.metrics = metrics;
	}

	@Override
	public void onSkipInProcess(FailedEvent event, Throwable cause) {
		if (!(cause instanceof UnrepairableEventException unrepairable)) {
			throw new IllegalStateException("only unrepairable events are skipped", cause);
		}
		logger.info("Webhook event {} ({}) left failed: {}", event.id(), event.source(), unrepairable.getMessage());
		this.attempts.record(event, unrepairable.errorClass(), Attempts.Action.LEFT_FAILED, unrepairable.getMessage(),
				null);
		this.metrics.countOnCommit("flowbatch.webhook.reprocess.events", 1, "action",
				Attempts.Action.LEFT_FAILED.label(), "classification", unrepairable.errorClass().label());
	}

}
