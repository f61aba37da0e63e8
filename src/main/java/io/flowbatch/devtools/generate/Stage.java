package io.flowbatch.devtools.generate;

import java.util.SplittableRandom;

/**
 * The stages every item moves through, in order, with how long an item typically stays in each and which share of
 * that stay is active work (the rest is waiting): the shape of a real value stream, where backlog and review mostly
 * wait.
 */
enum Stage {

	BACKLOG("backlog", "Backlog", 3 * 86_400, 1.0, 0.00, 0.03),
	ANALYSIS("analysis", "Analysis", 8 * 3_600, 0.8, 0.25, 0.60),
	DEVELOPMENT("development", "In Progress", 60 * 3_600, 0.7, 0.35, 0.75),
	REVIEW("review", "In Review", 10 * 3_600, 0.9, 0.10, 0.40),
	TESTING("testing", "QA", 14 * 3_600, 0.8, 0.30, 0.70),
	DEPLOYMENT("deployment", "Deploying", 2 * 3_600, 1.0, 0.50, 0.95),
	DONE("done", "Done", 0, 0, 0, 0);

	private static final int LONGEST_STAY_SECONDS = 30 * 86_400;

	private final String column;

	private final String trackerStatus;

	private final int medianStaySeconds;

	private final double staySpread;

	private final double minActiveShare;

	private final double maxActiveShare;

	Stage(String column, String trackerStatus, int medianStaySeconds, double staySpread, double minActiveShare,
			double maxActiveShare) {
		this.column = column;
		this.trackerStatus = trackerStatus;
		this.medianStaySeconds = medianStaySeconds;
		this.staySpread = staySpread;
		this.minActiveShare = minActiveShare;
		this.maxActiveShare = maxActiveShare;
	}

	/** The value stored in current_stage, from_stage, to_stage and stage. */
	String column() {
		return this.column;
	}

	/** The status name the issue tracker shows for this stage. */
	String trackerStatus() {
		return this.trackerStatus;
	}

	/** A log-normally distributed stay, scaled by how big the item is, between one minute and 30 days. */
	int staySeconds(double scale, SplittableRandom random) {
		double seconds = this.medianStaySeconds * scale * Math.exp(this.staySpread * random.nextGaussian());
		return (int) Math.max(60, Math.min(LONGEST_STAY_SECONDS, seconds));
	}

	int activeSeconds(int staySeconds, SplittableRandom random) {
		double share = this.minActiveShare + random.nextDouble() * (this.maxActiveShare - this.minActiveShare);
		return (int) Math.round(staySeconds * share);
	}

	boolean canBeBlocked() {
		return this == DEVELOPMENT || this == REVIEW || this == TESTING;
	}

}
