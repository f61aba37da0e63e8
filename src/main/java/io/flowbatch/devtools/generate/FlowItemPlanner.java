package io.flowbatch.devtools.generate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import io.flowbatch.devtools.generate.FlowItem.StageStay;
import io.flowbatch.devtools.generate.FlowItem.Transition;
import io.flowbatch.devtools.generate.Vocabulary.Person;

/**
 * Makes the flow items of one seed, one after another. Two planners with the same arguments make the same items,
 * which is how the three tables are written in three passes without holding the items in memory.
 * <ul>
 * <li>completed items (70 %) went through every stage to {@code done};</li>
 * <li>in-progress items (22 %) are in a stage between analysis and deployment now, at the window's end;</li>
 * <li>canceled items (8 %) stopped in any stage before {@code done};</li>
 * <li>one in ten in-progress or canceled items (3 % of all) has no recorded history: no transitions, and
 * current_stage {@code backlog}.</li>
 * </ul>
 */
final class FlowItemPlanner {

	private static final Weighted<String> TYPES = new Weighted<String>().add("feature", 55)
		.add("defect", 25)
		.add("risk", 10)
		.add("debt", 10);

	private static final Weighted<String> STATUSES = new Weighted<String>().add("completed", 70)
		.add("in_progress", 22)
		.add("canceled", 8);

	private static final Weighted<Stage> IN_PROGRESS_STAGES = new Weighted<Stage>().add(Stage.ANALYSIS, 15)
		.add(Stage.DEVELOPMENT, 35)
		.add(Stage.REVIEW, 20)
		.add(Stage.TESTING, 20)
		.add(Stage.DEPLOYMENT, 10);

	private static final Weighted<Integer> STORY_POINTS = new Weighted<Integer>().add(1, 10)
		.add(2, 20)
		.add(3, 25)
		.add(5, 25)
		.add(8, 12)
		.add(13, 8);

	private static final Stage[] STAGES = Stage.values();

	private static final String[] BLOCKER_TYPES = { "dependency", "environment", "clarification", "external" };

	private static final String[] BLOCKER_REASONS = { "Waiting for the API contract from another team",
			"Staging environment down", "Open question to product about the edge cases",
			"Waiting for the payment provider's sandbox credentials", "Blocked by a failing shared pipeline",
			"Security review pending" };

	private final SplittableRandom random;

	private final List<Team> teams;

	private final Weighted<Integer> teamIndexes = new Weighted<>();

	private final int[] issueCounts;

	private final long seed;

	private final long windowStartSeconds;

	private final long windowEndSeconds;

	FlowItemPlanner(List<Team> teams, long seed, long windowStartSeconds, long windowEndSeconds) {
		this.random = new SplittableRandom(seed);
		this.teams = teams;
		// Some teams are busier than others: the first has about twice the items of the last.
		for (int i = 0; i < teams.size(); i++) {
			this.teamIndexes.add(i, 2 * teams.size() - i);
		}
		this.issueCounts = new int[teams.size()];
		this.seed = seed;
		this.windowStartSeconds = windowStartSeconds;
		this.windowEndSeconds = windowEndSeconds;
	}

	FlowItem next() {
		// The id is drawn first: a seed's first item id is then the same whatever the other options.
		UUID id = Vocabulary.uuid(this.random);
		int teamIndex = this.teamIndexes.pick(this.random);
		Team team = this.teams.get(teamIndex);
		String externalId = externalId(this.seed, team, ++this.issueCounts[teamIndex]);
		String type = TYPES.pick(this.random);
		String title = Vocabulary.title(type, this.random);
		String description = (this.random.nextInt(100) < 85)
				? Vocabulary.PROSE.fragments(1 + this.random.nextInt(4), this.random) : null;
		Integer storyPoints = (this.random.nextInt(100) < (type.equals("defect") ? 15 : 5)) ? null
				: STORY_POINTS.pick(this.random);
		String status = STATUSES.pick(this.random);
		int transitionCount = transitionCount(status);
		Person reporter = Vocabulary.anyone(this.random);

		// How long the item stays in each stage it leaves, and the time after its last transition: how long it has
		// been in its current stage (in progress), until it was canceled, or until it was marked completed.
		double sizeScale = (type.equals("defect") ? 0.6 : 1.0)
				* (0.6 + ((storyPoints != null) ? storyPoints : 3) / 8.0);
		long[] stays = new long[Math.max(0, transitionCount - 1)];
		for (int i = 0; i < stays.length; i++) {
			stays[i] = STAGES[i].staySeconds(sizeScale, this.random);
		}
		Stage currentStage = (transitionCount == 0) ? Stage.BACKLOG : STAGES[transitionCount - 1];
		long tail = switch (status) {
			case "completed" -> this.random.nextInt(300);
			case "in_progress" -> (long) (currentStage.staySeconds(sizeScale, this.random) * this.random.nextDouble());
			default -> currentStage.staySeconds(sizeScale, this.random);
		};
		tail = fitIntoWindow(stays, tail);
		long history = tail;
		for (long stay : stays) {
			history += stay;
		}
		long latestStart = this.windowEndSeconds - history;
		// In-progress items are in their current stage now; finished ones began anywhere in the window.
		long createdAt = status.equals("in_progress") ? latestStart
				: this.windowStartSeconds + (long) (this.random.nextDouble() * (latestStart - this.windowStartSeconds));

		List<Transition> transitions = new ArrayList<>(transitionCount);
		List<StageStay> stageStays = new ArrayList<>(stays.length);
		long enteredAt = createdAt;
		Person developer = Vocabulary.anyone(this.random);
		for (int i = 0; i < transitionCount; i++) {
			Stage stage = STAGES[i];
			if (i == 0) {
				transitions.add(new Transition(null, stage, millis(enteredAt), null, reporter.login(), "issue_created",
						trackerEvent(externalId, null, stage)));
				continue;
			}
			Stage left = STAGES[i - 1];
			int staySeconds = (int) stays[i - 1];
			long leftAt = enteredAt + staySeconds;
			transitions.add(transition(team, externalId, left, stage, leftAt, staySeconds, developer));
			int active = left.activeSeconds(staySeconds, this.random);
			int wait = staySeconds - active;
			stageStays.add(new StageStay(left, millis(enteredAt), millis(leftAt), active, wait,
					blockersJson(left, wait)));
			enteredAt = leftAt;
		}
		// Completed and canceled items were last touched when they were closed, in-progress ones when they moved.
		long updatedAt = status.equals("in_progress") ? enteredAt : enteredAt + tail;
		Long completedAt = status.equals("completed") ? millis(updatedAt) : null;
		return new FlowItem(id, externalId, team.id(), type, title, description, storyPoints, currentStage, status,
				millis(createdAt), millis(updatedAt), completedAt, labelsJson(type),
				metadataJson(status, reporter), transitions, stageStays);
	}

	/** external_id carries the seed, so that runs with different seeds never collide on (external_id, team_id). */
	static String externalId(long seed, Team team, int issueNumber) {
		return "s" + seed + "-" + team.projectKey() + "-" + issueNumber;
	}

	private int transitionCount(String status) {
		boolean withoutHistory = !status.equals("completed") && this.random.nextInt(10) == 0;
		if (withoutHistory) {
			return 0;
		}
		return switch (status) {
			case "completed" -> STAGES.length;
			case "in_progress" -> IN_PROGRESS_STAGES.pick(this.random).ordinal() + 1;
			default -> 1 + this.random.nextInt(Stage.DONE.ordinal());
		};
	}

	/** Shrinks the stays (to at least one second each) when the item's history is longer than the window. */
	private long fitIntoWindow(long[] stays, long tail) {
		long total = tail;
		for (long stay : stays) {
			total += stay;
		}
		long available = (this.windowEndSeconds - this.windowStartSeconds) * 9 / 10;
		if (total <= available) {
			return tail;
		}
		double scale = (double) available / total;
		for (int i = 0; i < stays.length; i++) {
			stays[i] = Math.max(1, (long) (stays[i] * scale));
		}
		return (long) (tail * scale);
	}

	private Transition transition(Team team, String externalId, Stage from, Stage to, long at, int staySeconds,
			Person developer) {
		return switch (to) {
			case REVIEW -> new Transition(from, to, millis(at), staySeconds, developer.login(), "pull_request_opened",
					pullRequestEvent(team, externalId));
			case TESTING -> new Transition(from, to, millis(at), staySeconds, Vocabulary.anyone(this.random).login(),
					"pull_request_merged", pullRequestEvent(team, externalId));
			case DEPLOYMENT, DONE -> new Transition(from, to, millis(at), staySeconds, "jenkins",
					(to == Stage.DONE) ? "deployment_succeeded" : "build_succeeded", buildEvent(team, to));
			default -> new Transition(from, to, millis(at), staySeconds, developer.login(), "status_changed",
					trackerEvent(externalId, from, to));
		};
	}

	private String trackerEvent(String externalId, Stage from, Stage to) {
		JsonText json = new JsonText(120).beginObject().field("source", "jira").field("issue_key", externalId);
		if (from != null) {
			json.field("from_status", from.trackerStatus());
		}
		return json.field("to_status", to.trackerStatus()).endObject().toString();
	}

	private String pullRequestEvent(Team team, String externalId) {
		return new JsonText(120).beginObject()
			.field("source", team.codeHost())
			.field("repository", team.repository())
			.field("pull_request", 1 + this.random.nextInt(5_000))
			.field("issue_key", externalId)
			.endObject()
			.toString();
	}

	private String buildEvent(Team team, Stage to) {
		return new JsonText(120).beginObject()
			.field("source", "jenkins")
			.field("job", team.jenkinsJob())
			.field("build", 1 + this.random.nextInt(20_000))
			.field("environment", (to == Stage.DONE) ? "production" : "staging")
			.endObject()
			.toString();
	}

	/** One in eight stays in development, review or testing was blocked for part of its waiting time. */
	private String blockersJson(Stage stage, int waitSeconds) {
		if (!stage.canBeBlocked() || waitSeconds < 60 || this.random.nextInt(8) != 0) {
			return null;
		}
		JsonText json = new JsonText(200).beginArray();
		int blockers = 1 + this.random.nextInt(2);
		for (int i = 0; i < blockers; i++) {
			json.beginObject()
				.field("type", Vocabulary.any(BLOCKER_TYPES, this.random))
				.field("reason", Vocabulary.any(BLOCKER_REASONS, this.random))
				.field("blocked_seconds", (long) (waitSeconds / blockers * (0.3 + 0.6 * this.random.nextDouble())))
				.endObject();
		}
		return json.endArray().toString();
	}

	private String labelsJson(String type) {
		Set<String> labels = new LinkedHashSet<>();
		switch (type) {
			case "defect" -> labels.add(this.random.nextBoolean() ? "customer-reported" : "backend");
			case "debt" -> labels.add("tech-debt");
			case "risk" -> labels.add(this.random.nextBoolean() ? "security" : "compliance");
			default -> {
			}
		}
		int more = this.random.nextInt(3);
		for (int i = 0; i < more; i++) {
			labels.add(Vocabulary.any(Vocabulary.LABELS, this.random));
		}
		JsonText json = new JsonText(80).beginArray();
		labels.forEach(json::value);
		return json.endArray().toString();
	}

	private String metadataJson(String status, Person reporter) {
		JsonText json = new JsonText(160).beginObject()
			.field("source", "jira")
			.field("priority", Vocabulary.PRIORITIES.pick(this.random))
			.field("reporter", reporter.login());
		if (!status.equals("in_progress")) {
			json.field("resolution", status.equals("completed") ? "Done" : "Won't Do");
		}
		return json.field("generated_by", "flowbatch generate").field("seed", this.seed).endObject().toString();
	}

	private static long millis(long epochSeconds) {
		return epochSeconds * 1000;
	}

}
