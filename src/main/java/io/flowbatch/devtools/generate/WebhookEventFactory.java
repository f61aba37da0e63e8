package io.flowbatch.devtools.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.flowbatch.devtools.generate.Vocabulary.Person;

/**
 * Makes webhook deliveries from GitHub, GitLab, Jira and Jenkins, shaped like each sender's real payloads (a subset
 * of their fields) and about the generated teams' repositories and issues. Payload sizes are log-uniform between
 * {@value #SMALLEST_PAYLOAD} and {@value #LARGEST_PAYLOAD} bytes of jsonb text (mean about 1.2 KB; an event whose
 * fields alone are longer than its drawn size keeps them), reached by padding the payload's free text: commit
 * messages, descriptions, comments, build logs.
 */
final class WebhookEventFactory {

	static final int SMALLEST_PAYLOAD = 300;

	static final int LARGEST_PAYLOAD = 3_000;

	private static final Weighted<String> SOURCES = new Weighted<String>().add("github", 40)
		.add("jira", 30)
		.add("gitlab", 20)
		.add("jenkins", 10);

	private static final Weighted<String> GITHUB_EVENTS = new Weighted<String>().add("push", 45)
		.add("pull_request", 30)
		.add("pull_request_review", 15)
		.add("issue_comment", 10);

	private static final Weighted<String> GITLAB_EVENTS = new Weighted<String>().add("push", 45)
		.add("merge_request", 30)
		.add("pipeline", 15)
		.add("note", 10);

	private static final Weighted<String> JIRA_EVENTS = new Weighted<String>().add("issue_updated", 65)
		.add("issue_created", 20)
		.add("comment_created", 15);

	private static final Weighted<String> PULL_REQUEST_ACTIONS = new Weighted<String>().add("opened", 20)
		.add("synchronize", 40)
		.add("closed", 20)
		.add("reopened", 5)
		.add("edited", 15);

	private static final Weighted<String> MERGE_REQUEST_ACTIONS = new Weighted<String>().add("open", 20)
		.add("update", 45)
		.add("merge", 25)
		.add("close", 10);

	private static final Weighted<String> PROCESSING_STATUSES = new Weighted<String>().add("processed", 94)
		.add("pending", 4)
		.add("failed", 2);

	private static final Weighted<String> BUILD_RESULTS = new Weighted<String>().add("SUCCESS", 80)
		.add("FAILURE", 12)
		.add("UNSTABLE", 5)
		.add("ABORTED", 3);

	private static final String[] ERRORS = { "no flow item matches issue key %s",
			"payload validation failed: missing field 'repository.full_name'",
			"timeout after 30000 ms while updating flow item %s",
			"could not serialize access due to concurrent update of flow item %s",
			"unknown transition for %s: status 'Blocked' is not mapped to a stage",
			"database connection lost: terminating connection due to administrator command" };

	private static final String[] ISSUE_TYPES = { "Story", "Bug", "Risk", "Task" };

	private static final String[] ITEM_TYPES = { "feature", "defect", "risk", "debt" };

	private static final Stage[] STAGES = Stage.values();

	/** Pending events are the ones received in the last two hours that the receiver has not got to yet. */
	private static final long PENDING_WINDOW_MILLIS = 2 * 3_600_000L;

	private final List<Team> teams;

	private final List<Team> githubTeams = new ArrayList<>();

	private final List<Team> gitlabTeams = new ArrayList<>();

	private final long seed;

	private final int issuesPerTeam;

	private final long windowStartMillis;

	private final long windowEndMillis;

	/** @param issuesPerTeam how many issue numbers per team the payloads refer to */
	WebhookEventFactory(List<Team> teams, long seed, int issuesPerTeam, long windowStartMillis,
			long windowEndMillis) {
		this.teams = teams;
		for (Team team : teams) {
			(team.codeHost().equals("gitlab") ? this.gitlabTeams : this.githubTeams).add(team);
		}
		this.seed = seed;
		this.issuesPerTeam = Math.max(1, issuesPerTeam);
		this.windowStartMillis = windowStartMillis;
		this.windowEndMillis = windowEndMillis;
	}

	/** The first instant of chunk {@code chunk}'s slice of the window, out of {@code chunks}. */
	long sliceStart(int chunk, int chunks) {
		return this.windowStartMillis + Math.floorDiv((this.windowEndMillis - this.windowStartMillis) * chunk, chunks);
	}

	/** The random numbers of one chunk of events; chunks are independent, so workers can write them in any order. */
	static SplittableRandom chunkRandom(long seed, int chunk) {
		// SplitMix64's finalizer, so that neighbouring seeds and chunks get unrelated streams.
		long mixed = seed * 0x9E3779B97F4A7C15L + chunk + 0x632BE59BD9B4E019L;
		mixed = (mixed ^ (mixed >>> 30)) * 0xBF58476D1CE4E5B9L;
		mixed = (mixed ^ (mixed >>> 27)) * 0x94D049BB133111EBL;
		return new SplittableRandom(mixed ^ (mixed >>> 31));
	}

	/**
	 * The next event of a chunk whose events arrive within {@code [sliceStartMillis, sliceEndMillis)}: chunks cover
	 * consecutive slices of the window and are written in arrival order, so the table is laid out by time as a
	 * receiver's inserts lay it out (pending events, received in the last two hours, are the exception).
	 */
	WebhookEvent next(SplittableRandom random, long sliceStartMillis, long sliceEndMillis) {
		// The delivery id is drawn first: a seed's first delivery id is then the same whatever the other options.
		UUID deliveryId = Vocabulary.uuid(random);
		String source = SOURCES.pick(random);
		String status = PROCESSING_STATUSES.pick(random);
		long receivedAt = status.equals("pending")
				? this.windowEndMillis - (long) (random.nextDouble()
						* Math.min(PENDING_WINDOW_MILLIS, this.windowEndMillis - this.windowStartMillis))
				: receivedAt(random, sliceStartMillis, sliceEndMillis);
		int payloadLength = (int) Math.round(Math.exp(Math.log(SMALLEST_PAYLOAD)
				+ random.nextDouble() * (Math.log(LARGEST_PAYLOAD) - Math.log(SMALLEST_PAYLOAD))));
		Payload payload = switch (source) {
			case "github" -> github(random, receivedAt, payloadLength);
			case "gitlab" -> gitlab(random, receivedAt, payloadLength);
			case "jira" -> jira(random, receivedAt, payloadLength);
			default -> jenkins(random, receivedAt, payloadLength);
		};
		Long processedAt = null;
		String error = null;
		if (status.equals("processed")) {
			long delay = (long) Math.exp(Math.log(40) + random.nextDouble() * (Math.log(8_000) - Math.log(40)));
			processedAt = Math.min(receivedAt + delay, Math.max(receivedAt, this.windowEndMillis));
		}
		else if (status.equals("failed")) {
			error = String.format(Vocabulary.any(ERRORS, random), payload.issueKey());
		}
		return new WebhookEvent(source, payload.eventType(), deliveryId, payload.json(), status, error, receivedAt,
				processedAt);
	}

	private record Payload(String eventType, String issueKey, String json) {
	}

	/** Spread over the window, busier on weekdays and during European and American working hours. */
	private long receivedAt(SplittableRandom random, long sliceStartMillis, long sliceEndMillis) {
		while (true) {
			long at = sliceStartMillis + (long) (random.nextDouble() * (sliceEndMillis - sliceStartMillis));
			long epochDay = Math.floorDiv(at, 86_400_000L);
			boolean weekend = Math.floorMod(epochDay + 3, 7) >= 5;
			long hour = Math.floorMod(at, 86_400_000L) / 3_600_000L;
			double acceptance = (weekend ? 0.25 : 1.0) * ((hour >= 7 && hour < 22) ? 1.0 : 0.3);
			if (random.nextDouble() < acceptance) {
				return at;
			}
		}
	}

	private Payload github(SplittableRandom random, long at, int length) {
		String eventType = GITHUB_EVENTS.pick(random);
		Team team = Vocabulary.any(this.githubTeams.isEmpty() ? this.teams : this.githubTeams, random);
		Person sender = Vocabulary.anyone(random);
		String issueKey = issueKey(team, random);
		JsonText json = new JsonText(length + 64).beginObject();
		Filler filler = Vocabulary.PROSE;
		switch (eventType) {
			case "push" -> {
				String branch = branch(issueKey, random);
				json.field("ref", "refs/heads/" + branch).field("before", Vocabulary.sha(random)).field("after",
						Vocabulary.sha(random));
				githubRepository(json, team);
				json.name("pusher").beginObject().field("name", sender.login()).field("email", sender.email())
					.endObject();
				commits(json, sender, issueKey, at, length, random);
				filler = Vocabulary.COMMIT_BODY;
			}
			case "pull_request" -> {
				String action = PULL_REQUEST_ACTIONS.pick(random);
				int number = 1 + random.nextInt(5_000);
				json.field("action", action).field("number", number);
				json.name("pull_request").beginObject()
					.field("number", number)
					.field("state", action.equals("closed") ? "closed" : "open")
					.field("title", issueKey + " " + Vocabulary.commitSubject(random))
					.name("user").beginObject().field("login", sender.login()).field("id", sender.userId()).endObject()
					.paddedField("body", "")
					.name("head").beginObject().field("ref", branch(issueKey, random)).field("sha",
							Vocabulary.sha(random)).endObject()
					.name("base").beginObject().field("ref", "main").endObject()
					.field("merged", action.equals("closed") && random.nextInt(5) > 0)
					.field("additions", random.nextInt(800))
					.field("deletions", random.nextInt(300))
					.field("changed_files", 1 + random.nextInt(30))
					.endObject();
				githubRepository(json, team);
			}
			case "pull_request_review" -> {
				json.field("action", "submitted");
				json.name("review").beginObject()
					.field("id", 1_900_000_000L + random.nextInt(100_000_000))
					.field("state", Vocabulary.any(new String[] { "approved", "changes_requested", "commented" },
							random))
					.paddedField("body", "")
					.field("submitted_at", Timestamps.iso(at))
					.name("user").beginObject().field("login", sender.login()).field("id", sender.userId()).endObject()
					.endObject();
				json.name("pull_request").beginObject()
					.field("number", 1 + random.nextInt(5_000))
					.field("title", issueKey + " " + Vocabulary.commitSubject(random))
					.endObject();
				githubRepository(json, team);
			}
			default -> {
				json.field("action", "created");
				json.name("issue").beginObject()
					.field("number", 1 + random.nextInt(5_000))
					.field("title", issueKey + " " + Vocabulary.commitSubject(random))
					.field("state", "open")
					.endObject();
				json.name("comment").beginObject()
					.field("id", 2_100_000_000L + random.nextInt(100_000_000))
					.paddedField("body", "")
					.field("created_at", Timestamps.iso(at))
					.name("user").beginObject().field("login", sender.login()).field("id", sender.userId()).endObject()
					.endObject();
				githubRepository(json, team);
			}
		}
		json.name("sender").beginObject().field("login", sender.login()).field("id", sender.userId()).field("type",
				"User").endObject();
		return new Payload(eventType, issueKey, json.endObject().padTo(length, filler, random).toString());
	}

	private Payload gitlab(SplittableRandom random, long at, int length) {
		String eventType = GITLAB_EVENTS.pick(random);
		Team team = Vocabulary.any(this.gitlabTeams.isEmpty() ? this.teams : this.gitlabTeams, random);
		Person user = Vocabulary.anyone(random);
		String issueKey = issueKey(team, random);
		JsonText json = new JsonText(length + 64).beginObject().field("object_kind", eventType);
		Filler filler = Vocabulary.PROSE;
		switch (eventType) {
			case "push" -> {
				json.field("event_name", "push")
					.field("before", Vocabulary.sha(random))
					.field("after", Vocabulary.sha(random))
					.field("ref", "refs/heads/" + branch(issueKey, random))
					.field("user_username", user.login())
					.field("project_id", team.repositoryId());
				gitlabProject(json, team);
				int commits = commits(json, user, issueKey, at, length, random);
				json.field("total_commits_count", commits);
				filler = Vocabulary.COMMIT_BODY;
			}
			case "merge_request" -> {
				String action = MERGE_REQUEST_ACTIONS.pick(random);
				json.field("event_type", "merge_request");
				gitlabUser(json, user);
				gitlabProject(json, team);
				json.name("object_attributes").beginObject()
					.field("iid", 1 + random.nextInt(3_000))
					.field("title", issueKey + " " + Vocabulary.commitSubject(random))
					.paddedField("description", "")
					.field("state", action.equals("merge") ? "merged" : action.equals("close") ? "closed" : "opened")
					.field("action", action)
					.field("source_branch", branch(issueKey, random))
					.field("target_branch", "main")
					.endObject();
				json.name("labels").beginArray().beginObject().field("title", Vocabulary.any(Vocabulary.LABELS,
						random)).endObject().endArray();
			}
			case "pipeline" -> {
				boolean failed = random.nextInt(8) == 0;
				json.name("object_attributes").beginObject()
					.field("id", 90_000_000L + random.nextInt(10_000_000))
					.field("ref", branch(issueKey, random))
					.field("status", failed ? "failed" : "success")
					.field("duration", 60 + random.nextInt(1_200))
					.name("stages").beginArray().value("build").value("test").value("deploy").endArray()
					.endObject();
				gitlabUser(json, user);
				gitlabProject(json, team);
				json.name("commit").beginObject()
					.field("id", Vocabulary.sha(random))
					.paddedField("message", issueKey + " " + Vocabulary.commitSubject(random) + "\n\n")
					.field("timestamp", Timestamps.iso(at - 60_000))
					.endObject();
				filler = Vocabulary.COMMIT_BODY;
			}
			default -> {
				json.field("event_type", "note");
				gitlabUser(json, user);
				gitlabProject(json, team);
				json.name("object_attributes").beginObject()
					.field("id", 400_000_000L + random.nextInt(100_000_000))
					.paddedField("note", "")
					.field("noteable_type", "MergeRequest")
					.endObject();
				json.name("merge_request").beginObject()
					.field("iid", 1 + random.nextInt(3_000))
					.field("title", issueKey + " " + Vocabulary.commitSubject(random))
					.endObject();
			}
		}
		return new Payload(eventType, issueKey, json.endObject().padTo(length, filler, random).toString());
	}

	private Payload jira(SplittableRandom random, long at, int length) {
		String eventType = JIRA_EVENTS.pick(random);
		Team team = Vocabulary.any(this.teams, random);
		Person user = Vocabulary.anyone(random);
		String issueKey = issueKey(team, random);
		int issueNumber = Integer.parseInt(issueKey.substring(issueKey.lastIndexOf('-') + 1));
		int type = random.nextInt(ITEM_TYPES.length);
		Stage stage = Vocabulary.any(STAGES, random);
		JsonText json = new JsonText(length + 64).beginObject()
			.field("timestamp", at)
			.field("webhookEvent", eventType.equals("comment_created") ? eventType : "jira:" + eventType);
		if (eventType.equals("comment_created")) {
			json.name("comment").beginObject()
				.field("id", Long.toString(100_000 + random.nextInt(900_000)))
				.paddedField("body", "")
				.name("author").beginObject().field("accountId", accountId(user)).field("displayName", user.name())
				.endObject()
				.field("created", Timestamps.iso(at))
				.endObject();
			json.name("issue").beginObject()
				.field("id", Long.toString(10_000L + issueNumber))
				.field("key", issueKey)
				.name("fields").beginObject()
				.field("summary", Vocabulary.title(ITEM_TYPES[type], random))
				.name("status").beginObject().field("name", stage.trackerStatus()).endObject()
				.endObject()
				.endObject();
		}
		else {
			json.field("issue_event_type_name", eventType.equals("issue_created") ? "issue_created" : "issue_generic");
			json.name("user").beginObject().field("accountId", accountId(user)).field("displayName", user.name())
				.endObject();
			json.name("issue").beginObject()
				.field("id", Long.toString(10_000L + issueNumber))
				.field("key", issueKey)
				.name("fields").beginObject()
				.field("summary", Vocabulary.title(ITEM_TYPES[type], random))
				.name("issuetype").beginObject().field("name", ISSUE_TYPES[type]).endObject()
				.name("status").beginObject().field("name", stage.trackerStatus()).endObject()
				.name("priority").beginObject().field("name", Vocabulary.PRIORITIES.pick(random)).endObject()
				.paddedField("description", "")
				.endObject()
				.endObject();
			if (eventType.equals("issue_updated") && stage != Stage.BACKLOG) {
				json.name("changelog").beginObject()
					.field("id", Long.toString(200_000 + random.nextInt(800_000)))
					.name("items").beginArray().beginObject()
					.field("field", "status")
					.field("fromString", STAGES[stage.ordinal() - 1].trackerStatus())
					.field("toString", stage.trackerStatus())
					.endObject().endArray()
					.endObject();
			}
		}
		return new Payload(eventType, issueKey, json.endObject().padTo(length, Vocabulary.PROSE, random).toString());
	}

	/** The shape of the Jenkins Notification plugin's JSON. */
	private Payload jenkins(SplittableRandom random, long at, int length) {
		boolean started = random.nextInt(10) < 3;
		Team team = Vocabulary.any(this.teams, random);
		String job = team.jenkinsJob();
		int build = 1 + random.nextInt(20_000);
		JsonText json = new JsonText(length + 64).beginObject()
			.field("name", job)
			.field("url", "job/" + job + "/")
			.name("build").beginObject()
			.field("full_url", "https://ci.acme.io/job/" + job + "/" + build + "/")
			.field("number", build)
			.field("queue_id", 700_000L + random.nextInt(300_000))
			.field("timestamp", at - (started ? 0 : 60_000L + random.nextInt(600_000)))
			.field("duration", started ? 0 : 60_000L + random.nextInt(600_000))
			.field("phase", started ? "STARTED" : "COMPLETED");
		if (!started) {
			json.field("status", BUILD_RESULTS.pick(random));
		}
		json.field("url", "job/" + job + "/" + build + "/")
			.name("scm").beginObject()
			.field("url", "https://" + (team.codeHost().equals("gitlab") ? "gitlab.acme.io/" : "github.com/")
					+ team.repository() + ".git")
			.field("branch", "origin/main")
			.field("commit", Vocabulary.sha(random))
			.endObject()
			.paddedField("log", "")
			.endObject();
		return new Payload(started ? "build_started" : "build_completed", issueKey(team, random),
				json.endObject().padTo(length, Vocabulary.BUILD_LOG, random).toString());
	}

	/** A push's commits: more of them in larger payloads; the first commit's message body takes the padding. */
	private int commits(JsonText json, Person author, String issueKey, long at, int length, SplittableRandom random) {
		int commits = 1 + (length > 1_200 ? 1 : 0) + (length > 2_000 ? 1 : 0);
		String changedFile = "src/main/java/com/acme/" + Vocabulary.slug(Vocabulary.any(Vocabulary.AREAS, random))
			.replace('-', '_') + "/Service.java";
		json.name("commits").beginArray();
		for (int i = 0; i < commits; i++) {
			String subject = issueKey + " " + Vocabulary.commitSubject(random);
			json.beginObject().field("id", Vocabulary.sha(random));
			if (i == 0) {
				json.paddedField("message", subject + "\n\n");
			}
			else {
				json.field("message", subject);
			}
			json.field("timestamp", Timestamps.iso(at - (commits - i) * 600_000L))
				.name("author").beginObject().field("name", author.name()).field("email", author.email()).endObject()
				.name("modified").beginArray()
				.value(changedFile)
				.endArray()
				.endObject();
		}
		json.endArray();
		return commits;
	}

	private static void githubRepository(JsonText json, Team team) {
		json.name("repository").beginObject()
			.field("id", team.repositoryId())
			.field("full_name", team.repository())
			.field("private", true)
			.field("default_branch", "main")
			.endObject();
	}

	private static void gitlabProject(JsonText json, Team team) {
		json.name("project").beginObject()
			.field("id", team.repositoryId())
			.field("path_with_namespace", team.repository())
			.field("web_url", "https://gitlab.acme.io/" + team.repository())
			.field("default_branch", "main")
			.endObject();
	}

	private static void gitlabUser(JsonText json, Person user) {
		json.name("user").beginObject().field("name", user.name()).field("username", user.login()).endObject();
	}

	private String issueKey(Team team, SplittableRandom random) {
		return FlowItemPlanner.externalId(this.seed, team, 1 + random.nextInt(this.issuesPerTeam));
	}

	private static String branch(String issueKey, SplittableRandom random) {
		return (random.nextInt(10) < 3) ? "main" : "feature/" + issueKey;
	}

	private static String accountId(Person user) {
		return String.format("5b10ac8d82e05b22cc%06x", user.userId() & 0xFFFFFF);
	}

}
