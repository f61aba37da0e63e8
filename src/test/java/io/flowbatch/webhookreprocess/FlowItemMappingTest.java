package io.flowbatch.webhookreprocess;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The per-source mapping on payloads shaped like the generator's (and the senders') deliveries. */
class FlowItemMappingTest {

	@Test
	void jiraTakesKeySummaryAndTypeAndLeavesTheTeamToTheKeysBoard() {
		MissingFlowItem item = FlowItemMapping.of(event("jira", """
				{"webhookEvent": "jira:issue_updated", "issue": {"id": "10012", "key": "s7-PAY-12",
				 "fields": {"summary": "Refunds are booked twice", "issuetype": {"name": "Bug"},
				 "status": {"name": "In Progress"}}}}""", "Flow item not found"));

		assertThat(item).isEqualTo(new MissingFlowItem("s7-PAY-12", "defect", "Refunds are booked twice", null));
	}

	@Test
	void jiraCommentsCarryNoTypeAndBecomeFeatures() {
		MissingFlowItem item = FlowItemMapping.of(event("jira", """
				{"webhookEvent": "comment_created", "issue": {"key": "PAY-3", "fields": {"summary": "Export"}}}""",
				"Flow item not found"));

		assertThat(item.itemType()).isEqualTo("feature");
	}

	@Test
	void jiraIssueTypeWithoutMappingCreatesNothing() {
		assertThatExceptionOfType(UnrepairableEventException.class)
			.isThrownBy(() -> FlowItemMapping.of(event("jira", """
					{"issue": {"key": "PAY-3", "fields": {"issuetype": {"name": "Epic"}}}}""", "Flow item not found")))
			.withMessageContaining("'Epic' has no item type mapping");
	}

	@Test
	void gitHubPullRequestTitleLeadsWithTheKey() {
		MissingFlowItem item = FlowItemMapping.of(event("github", """
				{"action": "opened", "pull_request": {"title": "s7-CHK-501 Retry the card authorisation"},
				 "repository": {"full_name": "acme/checkout-service"}}""", "Flow item not found"));

		assertThat(item).isEqualTo(
				new MissingFlowItem("s7-CHK-501", "feature", "Retry the card authorisation", "acme/checkout-service"));
	}

	@Test
	void gitHubPushFindsTheKeyInTheBranchAndTheErrorMessagesKeyWins() {
		String push = """
				{"ref": "refs/heads/feature/s7-CHK-9", "commits": [{"message": "tidy up"}],
				 "repository": {"full_name": "acme/checkout-service"}}""";

		assertThat(FlowItemMapping.of(event("github", push, "Flow item not found")).externalId()).isEqualTo("s7-CHK-9");
		assertThat(FlowItemMapping.of(event("github", push, "no flow item matches issue key s7-CHK-9")).title())
			.isEqualTo("s7-CHK-9");
	}

	@Test
	void gitLabCommitMessageAndProjectPath() {
		MissingFlowItem item = FlowItemMapping.of(event("gitlab", """
				{"object_kind": "push", "ref": "refs/heads/main",
				 "commits": [{"message": "s7-SRCH-4 Add the synonym index\\n\\nlong body"}],
				 "project": {"path_with_namespace": "acme/search-service"}}""", "Flow item not found"));

		assertThat(item).isEqualTo(new MissingFlowItem("s7-SRCH-4", "feature", "s7-SRCH-4", "acme/search-service"));
	}

	@Test
	void otherSourcesMissingKeysAndBrokenPayloadsAreUnrepairable() {
		assertThatExceptionOfType(UnrepairableEventException.class)
			.isThrownBy(() -> FlowItemMapping.of(event("jenkins", "{\"name\": \"x\"}", "Flow item not found")))
			.withMessageContaining("no flow item mapping for source 'jenkins'");
		assertThatExceptionOfType(UnrepairableEventException.class)
			.isThrownBy(() -> FlowItemMapping.of(event("github", """
					{"ref": "refs/heads/main", "repository": {"full_name": "acme/x"}}""", "Flow item not found")))
			.withMessageContaining("no issue key");
		assertThatExceptionOfType(UnrepairableEventException.class)
			.isThrownBy(() -> FlowItemMapping.of(event("jira", "{not json", "Flow item not found")))
			.withMessageContaining("not JSON");
	}

	private static FailedEvent event(String source, String payload, String error) {
		return new FailedEvent(1, source, "push", "d-1", payload, error, LocalDateTime.of(2026, 11, 28, 10, 0), 0);
	}

}
