package io.flowbatch.pitr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * What {@code pgbackrest info --output=json} says about one stanza.
 * @param statusCode pgBackRest's stanza status (0 ok, 1 missing stanza path, 2 no valid backups, ...)
 * @param statusMessage its text
 * @param backups the backup sets, oldest first
 * @param archives the WAL archives (one per database id), with the oldest and newest segment
 */
public record StanzaInfo(String stanza, int statusCode, String statusMessage, List<Backup> backups,
		List<Archive> archives) {

	/** pgBackRest's status code of a stanza that does not exist. */
	static final int MISSING_STANZA = 1;

	static StanzaInfo parse(JsonNode info, String stanza) {
		for (JsonNode node : info) {
			if (!stanza.equals(node.path("name").asString())) {
				continue;
			}
			List<Backup> backups = new ArrayList<>();
			for (JsonNode backup : node.path("backup")) {
				String databaseVersion = "";
				for (JsonNode db : node.path("db")) {
					if (db.path("id").asInt() == backup.path("database").path("id").asInt()) {
						databaseVersion = db.path("version").asString();
					}
				}
				backups.add(new Backup(backup.path("label").asString(), backup.path("type").asString(),
						Instant.ofEpochSecond(backup.path("timestamp").path("start").asLong()),
						Instant.ofEpochSecond(backup.path("timestamp").path("stop").asLong()),
						backup.path("archive").path("start").asString(), backup.path("archive").path("stop").asString(),
						databaseVersion, backup.path("info").path("size").asLong(),
						backup.path("info").path("repository").path("delta").asLong(),
						backup.path("error").asBoolean(false)));
			}
			backups.sort(Comparator.comparing(Backup::stoppedAt));
			List<Archive> archives = new ArrayList<>();
			for (JsonNode archive : node.path("archive")) {
				archives.add(new Archive(archive.path("id").asString(), archive.path("min").asString(null),
						archive.path("max").asString(null)));
			}
			return new StanzaInfo(stanza, node.path("status").path("code").asInt(),
					node.path("status").path("message").asString(), List.copyOf(backups), List.copyOf(archives));
		}
		return new StanzaInfo(stanza, MISSING_STANZA, "not in pgbackrest info's output", List.of(), List.of());
	}

	boolean missing() {
		return this.statusCode == MISSING_STANZA;
	}

	/** The newest backup set pgBackRest does not mark as erroneous. */
	Optional<Backup> newestBackup() {
		return this.backups.stream().filter((backup) -> !backup.error()).reduce((older, newer) -> newer);
	}

	/** The archive (e.g. {@code 15-1}) holding a backup's WAL: the one whose range contains its start segment. */
	Optional<Archive> archiveOf(Backup backup) {
		return this.archives.stream()
			.filter((archive) -> archive.min() != null && archive.max() != null)
			.filter((archive) -> archive.id().startsWith(backup.databaseVersion() + "-"))
			.filter((archive) -> WalSegments.position(archive.min()) <= WalSegments.position(backup.archiveStart())
					&& WalSegments.position(backup.archiveStart()) <= WalSegments.position(archive.max()))
			.reduce((first, second) -> second);
	}

	/** A pgBackRest backup set. */
	public record Backup(String label, String type, Instant startedAt, Instant stoppedAt, String archiveStart,
			String archiveStop, String databaseVersion, long size, long repositorySize, boolean error) {
	}

	/** A WAL archive and its oldest and newest segment (null when empty). */
	public record Archive(String id, String min, String max) {
	}

}
