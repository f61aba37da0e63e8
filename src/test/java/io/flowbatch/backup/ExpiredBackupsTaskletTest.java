package io.flowbatch.backup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiredBackupsTaskletTest {

	private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");

	private static final Instant EXPIRY = NOW.minus(30, ChronoUnit.DAYS);

	@Test
	void backupsOlderThanTheExpiryGoButTheNewestKeepLastStayWhateverTheirAge() {
		List<BackupStore.Backup> newestFirst = List.of(backup("a", 40), backup("b", 50), backup("c", 60),
				backup("d", 70));

		assertThat(keys(ExpiredBackupsTasklet.expired(newestFirst, Set.of(), EXPIRY, 2))).containsExactly("c", "d");
		assertThat(keys(ExpiredBackupsTasklet.expired(newestFirst, Set.of(), EXPIRY, 0)))
			.as("the newest always stays").containsExactly("b", "c", "d");
	}

	@Test
	void theNewestVerifiedBackupStaysButOlderVerifiedOnesGo() {
		List<BackupStore.Backup> newestFirst = List.of(backup("a", 1), backup("b", 40), backup("c", 45),
				backup("d", 50));

		assertThat(keys(ExpiredBackupsTasklet.expired(newestFirst, Set.of("c", "d"), EXPIRY, 1)))
			.containsExactly("b", "d");
	}

	@Test
	void youngBackupsStay() {
		assertThat(ExpiredBackupsTasklet.expired(List.of(backup("a", 1), backup("b", 29)), Set.of(), EXPIRY, 1))
			.isEmpty();
	}

	@Test
	void theExecutionThatWroteAnObjectIsReadFromItsKey() {
		assertThat(BackupStore.writtenBy("p/backups/flow/20261128T030000Z-execution-42.dump")).hasValue(42);
		assertThat(BackupStore.writtenBy("p/backups/flow/20261128T030000Z-execution-42.dump.globals.sql"))
			.hasValue(42);
		assertThat(BackupStore.writtenBy("p/backups/flow/planted.dump")).isEmpty();
	}

	private static BackupStore.Backup backup(String key, int daysOld) {
		BackupManifest manifest = new BackupManifest("flow", null, null, null, NOW.minus(daysOld, ChronoUnit.DAYS),
				null, key, 0, null, null, null, null);
		return new BackupStore.Backup(key, key + BackupStore.MANIFEST_SUFFIX, manifest, Optional.empty());
	}

	private static List<String> keys(List<BackupStore.Backup> backups) {
		return backups.stream().map(BackupStore.Backup::dumpKey).toList();
	}

}
