package io.flowbatch.webhookreprocess;

/**
 * The flow item a "flow item not found" event needs, read from its payload; the team is found from it separately.
 * @param teamHint the repository (GitHub, GitLab) or null when the issue key's board names the team (Jira)
 */
record MissingFlowItem(String externalId, String itemType, String title, String teamHint) {
}
