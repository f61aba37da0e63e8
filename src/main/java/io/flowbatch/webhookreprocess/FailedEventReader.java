package io.flowbatch.webhookreprocess;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Failed events received in the last {@code hours}, in id order, a page at a time (keyset paging), at most
 * {@code limit} of them. The window is fixed when the step first starts and kept, with the last id and the count of
 * each committed chunk, in the step's context: a restart works through the same window and limit, after the last
 * committed event.
 */
class FailedEventReader implements ItemStreamReader<FailedEvent> {

	private static final String PAGE = SqlFiles.read("queries/webhook-reprocess/failed-page.sql");

	private static final String SINCE = "since";

	private static final String UNTIL = "until";

	private static final String AFTER = "after";

	private static final String READ = "read";

	private static final int PAGE_SIZE = 100;

	private final NamedParameterJdbcTemplate jdbc;

	private final long hours;

	private final long limit;

	private final Deque<FailedEvent> page = new ArrayDeque<>();

	private LocalDateTime since;

	private LocalDateTime until;

	private long after;

	private long read;

	private boolean exhausted;

	FailedEventReader(NamedParameterJdbcTemplate jdbc, long hours, long limit) {
		this.jdbc = jdbc;
		this.hours = hours;
		this.limit = limit;
	}

	@Override
	public void open(ExecutionContext context) {
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.until = context.containsKey(UNTIL) ? LocalDateTime.parse(context.getString(UNTIL)) : now;
		this.since = context.containsKey(SINCE) ? LocalDateTime.parse(context.getString(SINCE))
				: now.minus(Duration.ofHours(this.hours));
		this.after = context.getLong(AFTER, 0L);
		this.read = context.getLong(READ, 0L);
	}

	@Override
	public FailedEvent read() {
		if (this.read >= this.limit) {
			return null;
		}
		if (this.page.isEmpty() && !this.exhausted) {
			this.page.addAll(this.jdbc.query(PAGE,
					new MapSqlParameterSource().addValue("since", Timestamp.valueOf(this.since))
						.addValue("until", Timestamp.valueOf(this.until))
						.addValue("after", this.after)
						.addValue("page_size", (int) Math.min(PAGE_SIZE, this.limit - this.read)),
					(row, n) -> new FailedEvent(row.getLong("id"), row.getString("source"), row.getString("event_type"),
							row.getString("delivery_id"), row.getString("payload"), row.getString("error_message"),
							row.getTimestamp("received_at").toLocalDateTime(), row.getLong("attempts"))));
			this.exhausted = this.page.size() < PAGE_SIZE;
		}
		FailedEvent next = this.page.poll();
		if (next != null) {
			this.after = next.id();
			this.read++;
		}
		return next;
	}

	/** Called when a chunk commits: every event read so far belongs to committed chunks. */
	@Override
	public void update(ExecutionContext context) {
		context.putString(SINCE, this.since.toString());
		context.putString(UNTIL, this.until.toString());
		context.putLong(AFTER, this.after);
		context.putLong(READ, this.read);
	}

}
