package io.flowbatch.webhookreprocess;

import java.util.List;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Decides what happens to one failed event (reading only): transient errors are retried as they are, a missing flow
 * item is created from the payload first (its team found from the repository or the issue key's board), the rest is
 * left failed by throwing {@link UnrepairableEventException} with the reason (a skip, counted and recorded), as is an
 * event already returned to pending {@code maxAttempts} times.
 */
class EventTriage implements ItemProcessor<FailedEvent, Repair> {

	private static final String TEAMS_OF_REPOSITORY = SqlFiles.read("queries/webhook-reprocess/teams-of-repository.sql");

	private static final String TEAMS_OF_ISSUE_KEY = SqlFiles.read("queries/webhook-reprocess/teams-of-issue-key.sql");

	private final NamedParameterJdbcTemplate jdbc;

	private final long maxAttempts;

	EventTriage(NamedParameterJdbcTemplate jdbc, long maxAttempts) {
		this.jdbc = jdbc;
		this.maxAttempts = maxAttempts;
	}

	@Override
	public Repair process(FailedEvent event) {
		ErrorClass errorClass = ErrorClass.of(event.errorMessage());
		if (event.attempts() >= this.maxAttempts) {
			throw new UnrepairableEventException(errorClass,
					"gave up: returned to pending " + event.attempts() + " times already (maxAttempts)");
		}
		return switch (errorClass) {
			case TRANSIENT -> new Repair(event, errorClass, null, null);
			case FLOW_ITEM_NOT_FOUND -> {
				MissingFlowItem item = FlowItemMapping.of(event);
				yield new Repair(event, errorClass, item, team(item));
			}
			case PERMANENT -> throw new UnrepairableEventException(errorClass,
					"the service rejects this payload; a retry would fail the same way");
			case UNRECOGNISED -> throw new UnrepairableEventException(errorClass,
					"unrecognised error, not retried: look at it and extend the classification if it is transient");
		};
	}

	private String team(MissingFlowItem item) {
		List<String> teams = (item.teamHint() != null)
				? this.jdbc.queryForList(TEAMS_OF_REPOSITORY, Map.of("repository", item.teamHint()), String.class)
				: this.jdbc.queryForList(TEAMS_OF_ISSUE_KEY, Map.of("issue_key", item.externalId()), String.class);
		String of = (item.teamHint() != null) ? "repository " + item.teamHint() : "issue key " + item.externalId();
		if (teams.isEmpty()) {
			throw new UnrepairableEventException(ErrorClass.FLOW_ITEM_NOT_FOUND, "no team is configured for " + of
					+ " (teams.config repository / board)");
		}
		if (teams.size() > 1) {
			throw new UnrepairableEventException(ErrorClass.FLOW_ITEM_NOT_FOUND, "more than one team for " + of + ": "
					+ String.join(", ", teams));
		}
		return teams.get(0);
	}

}
