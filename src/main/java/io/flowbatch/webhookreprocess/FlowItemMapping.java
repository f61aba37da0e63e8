package io.flowbatch.webhookreprocess;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the flow item a "flow item not found" event refers to from its payload, per source (docs/database-care.md,
 * "webhook-reprocess"):
 * <ul>
 * <li>Jira: {@code issue.key}, {@code issue.fields.summary}, the type from {@code issue.fields.issuetype.name}
 * (Story feature, Bug defect, Risk risk, Task and Tech Debt debt; none, as in comment events: feature); the team
 * from the key's board;</li>
 * <li>GitHub: the issue key leading the pull request's or issue's title, or the first commit's message, or the
 * {@code feature/KEY} branch; the team from {@code repository.full_name}; type feature;</li>
 * <li>GitLab: the same from the merge request's title, {@code object_attributes.title}, the commit messages or the
 * branch; the team from {@code project.path_with_namespace}; type feature.</li>
 * </ul>
 * The issue key named in the error message wins over the payload's. Anything else (another source, no key, an issue
 * type without a mapping) is unrepairable: nothing is created from a guess.
 */
final class FlowItemMapping {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** CHK-17, or s42-CHK-17 as the generator writes them. */
	private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-\\d+");

	private static final Pattern KEY_IN_ERROR = Pattern.compile("issue key (" + ISSUE_KEY.pattern() + ")");

	private static final Pattern LEADING_KEY = Pattern.compile("^\\s*\\[?(" + ISSUE_KEY.pattern() + ")\\]?[\\s:]");

	private static final Pattern BRANCH_KEY = Pattern.compile("(?:^|/)(" + ISSUE_KEY.pattern() + ")$");

	private static final Map<String, String> JIRA_TYPES = Map.of("story", "feature", "bug", "defect", "risk", "risk",
			"task", "debt", "tech debt", "debt");

	private static final int TITLE_LENGTH = 500;

	private FlowItemMapping() {
	}

	static MissingFlowItem of(FailedEvent event) {
		JsonNode payload;
		try {
			payload = JSON.readTree(event.payload());
		}
		catch (JacksonException ex) {
			throw unrepairable("payload is not JSON");
		}
		String keyInError = match(KEY_IN_ERROR, event.errorMessage());
		return switch (event.source()) {
			case "jira" -> jira(payload, keyInError);
			case "github" -> codeHost(payload, keyInError, text(payload.at("/repository/full_name")), "/pull_request/title",
					"/issue/title", "/commits/0/message", "/ref");
			case "gitlab" -> codeHost(payload, keyInError, text(payload.at("/project/path_with_namespace")),
					"/object_attributes/title", "/merge_request/title", "/commits/0/message", "/commit/message",
					"/ref", "/object_attributes/source_branch", "/object_attributes/ref");
			default -> throw unrepairable("no flow item mapping for source '" + event.source() + "'");
		};
	}

	private static MissingFlowItem jira(JsonNode payload, @Nullable String keyInError) {
		String key = (keyInError != null) ? keyInError : text(payload.at("/issue/key"));
		if (key == null || !ISSUE_KEY.matcher(key).matches()) {
			throw unrepairable("no issue key in the payload (issue.key)");
		}
		String issueType = text(payload.at("/issue/fields/issuetype/name"));
		String itemType = (issueType != null) ? JIRA_TYPES.get(issueType.toLowerCase(java.util.Locale.ROOT)) : "feature";
		if (itemType == null) {
			throw unrepairable("Jira issue type '" + issueType + "' has no item type mapping");
		}
		String summary = text(payload.at("/issue/fields/summary"));
		return new MissingFlowItem(key, itemType, title(key, summary), null);
	}

	private static MissingFlowItem codeHost(JsonNode payload, @Nullable String keyInError, @Nullable String repository,
			String... places) {
		if (repository == null) {
			throw unrepairable("no repository in the payload");
		}
		String key = keyInError;
		String title = null;
		for (String place : places) {
			String text = text(payload.at(place));
			if (text == null) {
				continue;
			}
			String found = place.endsWith("ref") || place.endsWith("branch") ? match(BRANCH_KEY, text)
					: match(LEADING_KEY, text + " ");
			if (found != null && (key == null || key.equals(found))) {
				key = found;
				if (title == null && place.endsWith("title")) {
					title = text.substring(text.indexOf(found) + found.length()).replaceFirst("^[\\]\\s:]+", "");
				}
			}
		}
		if (key == null) {
			throw unrepairable("no issue key in the payload's titles, commit messages or branch");
		}
		return new MissingFlowItem(key, "feature", title(key, title), repository);
	}

	private static String title(String key, @Nullable String text) {
		String title = (text != null && !text.isBlank()) ? text.strip() : key;
		return (title.length() > TITLE_LENGTH) ? title.substring(0, TITLE_LENGTH) : title;
	}

	private static @Nullable String match(Pattern pattern, @Nullable String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

	private static UnrepairableEventException unrepairable(String reason) {
		return new UnrepairableEventException(ErrorClass.FLOW_ITEM_NOT_FOUND, reason);
	}

}
