package io.flowbatch.pitr;

import java.util.Optional;

import io.flowbatch.sql.SqlFiles;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Whether the repository holds every WAL segment from a backup's start to the newest archived one. */
@Component
class WalContinuity {

	private static final String SEGMENT_SIZE = SqlFiles.read("queries/pitr/wal-segment-size.sql");

	private final PgBackRest pgBackRest;

	private final JdbcClient jdbc;

	WalContinuity(PgBackRest pgBackRest, JdbcClient jdbc) {
		this.pgBackRest = pgBackRest;
		this.jdbc = jdbc;
	}

	/** Returns the range checked ({@code FIRST..LAST}); fails naming the first missing segment. */
	String check(StanzaInfo info, StanzaInfo.Backup backup) {
		StanzaInfo.Archive archive = info.archiveOf(backup)
			.orElseThrow(() -> new IllegalStateException("WAL gap: the archive holds no WAL for backup "
					+ backup.label() + " (its first segment " + backup.archiveStart() + " is not archived)"));
		long segmentSize = this.jdbc.sql(SEGMENT_SIZE)
			.query(Long.class)
			.single();
		Optional<String> gap = WalSegments.firstGap(this.pgBackRest.archivedSegments(archive.id()),
				backup.archiveStart(), archive.max(), segmentSize);
		if (gap.isPresent()) {
			throw new IllegalStateException("WAL gap: segment " + gap.get() + " is missing from archive "
					+ archive.id() + " between backup " + backup.label() + "'s first segment " + backup.archiveStart()
					+ " and the newest archived " + archive.max() + "; no recovery can pass it (take a full backup)");
		}
		return backup.archiveStart() + ".." + archive.max();
	}

}
