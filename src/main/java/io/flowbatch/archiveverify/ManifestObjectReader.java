package io.flowbatch.archiveverify;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import io.flowbatch.sql.SqlFiles;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code archive_manifest} objects recorded since a day, in key order, a page at a time (keyset paging: no
 * growing OFFSET). The last key of each committed chunk is saved in the step's context, so a restart resumes after
 * the last object whose check was committed.
 */
class ManifestObjectReader implements ItemStreamReader<ManifestObject> {

	private static final String PAGE = SqlFiles.read("queries/archive-verify/manifest-page.sql");

	private static final String AFTER = "after";

	private static final int PAGE_SIZE = 100;

	private final NamedParameterJdbcTemplate jdbc;

	private final Timestamp since;

	private final Deque<ManifestObject> page = new ArrayDeque<>();

	private String after = "";

	private boolean exhausted;

	ManifestObjectReader(NamedParameterJdbcTemplate jdbc, LocalDate since) {
		this.jdbc = jdbc;
		this.since = Timestamp.valueOf(since.atStartOfDay());
	}

	@Override
	public void open(ExecutionContext context) {
		this.after = context.getString(AFTER, "");
	}

	@Override
	public ManifestObject read() {
		if (this.page.isEmpty() && !this.exhausted) {
			this.page.addAll(this.jdbc.query(PAGE,
					Map.of("since", this.since, "after", this.after, "page_size", PAGE_SIZE),
					(row, n) -> new ManifestObject(row.getString("object_key"), row.getString("dataset"),
							row.getLong("row_count"), row.getLong("byte_size"), row.getString("sha256").trim(),
							row.getString("content_checksum").trim())));
			this.exhausted = this.page.size() < PAGE_SIZE;
		}
		ManifestObject next = this.page.poll();
		if (next != null) {
			this.after = next.key();
		}
		return next;
	}

	/** Called when a chunk commits: every object read so far belongs to committed chunks. */
	@Override
	public void update(ExecutionContext context) {
		context.putString(AFTER, this.after);
	}

}
