package io.flowbatch.backup;

import java.time.Instant;
import java.util.Map;

import io.flowbatch.backup.BackupManifest.StoredObject;
import io.flowbatch.backup.BackupManifest.TableFingerprint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupManifestTest {

	@Test
	void aManifestReadsBackAsItWasWrittenWithTimesAsIsoText() {
		BackupManifest manifest = new BackupManifest("flow", Instant.parse("2026-11-28T03:00:00Z"), "15.19",
				"pg_dump (PostgreSQL) 15.19", Instant.parse("2026-11-28T03:00:01Z"),
				Instant.parse("2026-11-28T03:04:00Z"), "backups/flow/x.dump", 1234, "ab".repeat(32), 7L,
				new StoredObject("backups/flow/x.dump.globals.sql", 56, "cd".repeat(32)),
				Map.of("public.teams", new TableFingerprint(17, "0123456789abcdef0123456789abcdef"),
						"public.no_key", new TableFingerprint(3, null)));

		String json = manifest.toJson();

		assertThat(json).contains("\"startedAt\" : \"2026-11-28T03:00:01Z\"").contains("\"rowCount\" : 17");
		assertThat(BackupManifest.fromJson(json)).isEqualTo(manifest);
	}

	@Test
	void aManifestWrittenBeforeGlobalsAndWithFieldsOfANewerVersionStillReads() {
		BackupManifest manifest = BackupManifest.fromJson("""
				{"database": "flow", "startedAt": "2026-01-02T03:04:05Z", "object": "k.dump", "size": 10,
				 "sha256": "ff", "tables": {"public.teams": {"rowCount": 2, "sampleHash": "aa"}},
				 "writtenByAFutureVersion": {"x": 1}}
				""");

		assertThat(manifest.globals()).isNull();
		assertThat(manifest.startedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
		assertThat(manifest.tables()).containsEntry("public.teams", new TableFingerprint(2, "aa"));
	}

}
