package io.flowbatch.pitr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The line of pgBackRest's output a failure reports. */
class PgBackRestResultTest {

	@Test
	void anErrorWhoseLineEndsInAColonKeepsItsFirstCause() {
		// pgbackrest 2.45 backup against a repository whose stanza was never created (console log format)
		String output = """
				2026-11-29 05:01:19.597 P00   WARN: option 'repo1-retention-full' is not set
				                                    HINT: to retain full backups indefinitely (without warning), set it.
				2026-11-29 05:01:19.607 P00  ERROR: [055]: unable to load info file '/r/backup/x/backup.info' or '/r/backup/x/backup.info.copy':
				                                    FileMissingError: unable to open missing file '/r/backup/x/backup.info' for read
				                                    FileMissingError: unable to open missing file '/r/backup/x/backup.info.copy' for read
				                                    HINT: has a stanza-create been performed?
				""";

		assertThat(new PgBackRest.Result(55, output).firstError())
			.isEqualTo("ERROR: [055]: unable to load info file '/r/backup/x/backup.info' or"
					+ " '/r/backup/x/backup.info.copy': FileMissingError: unable to open missing file"
					+ " '/r/backup/x/backup.info' for read");
	}

	@Test
	void aOneLineErrorIsReportedAsItIs() {
		String output = """
				WARN: something to note
				ERROR: [056]: unable to find primary cluster - cannot proceed
				                                    HINT: are all available clusters in recovery?
				""";

		assertThat(new PgBackRest.Result(56, output).firstError())
			.isEqualTo("ERROR: [056]: unable to find primary cluster - cannot proceed");
	}

	@Test
	void withoutAnErrorLineTheFirstLineElseTheExitCode() {
		assertThat(new PgBackRest.Result(1, "\n  something went wrong\nmore\n").firstError())
			.isEqualTo("something went wrong");
		assertThat(new PgBackRest.Result(-1, "").firstError()).isEqualTo("exit -1");
	}

}
