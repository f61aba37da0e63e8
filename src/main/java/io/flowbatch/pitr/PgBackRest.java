package io.flowbatch.pitr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * pgBackRest, run as {@code flowbatch.pitr.run-as} with the configured config file and stanza. flowbatch does not
 * reimplement anything pgBackRest does; it runs it and reads its JSON.
 */
@Component
public class PgBackRest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PitrProperties properties;

	public PgBackRest(PitrProperties properties) {
		this.properties = properties;
	}

	public String stanza() {
		return this.properties.stanza();
	}

	/**
	 * What {@code run} checks before a job starts: pgBackRest runs and the stanza exists in its repository; the
	 * exception's message says which is wrong.
	 */
	public void checkUsable() {
		Result version = run(Duration.ofSeconds(30), List.of("version"));
		if (version.exitCode() != 0) {
			throw new IllegalStateException("pgbackrest does not run: " + version.firstError());
		}
		StanzaInfo info = info();
		if (info.missing()) {
			throw new IllegalStateException("pgBackRest stanza '" + stanza() + "' does not exist in the repository"
					+ " of " + this.properties.config() + " (create it with 'pgbackrest --stanza=" + stanza()
					+ " stanza-create')");
		}
	}

	/** {@code pgbackrest info --output=json} of the stanza. */
	public StanzaInfo info() {
		Result info = run(Duration.ofMinutes(5), List.of("info", "--output=json"));
		if (info.exitCode() != 0) {
			throw new PgBackRestException("pgbackrest info", info);
		}
		return StanzaInfo.parse(JSON.readTree(info.output()), stanza());
	}

	/** {@code pgbackrest check}: the archive_command works and the repository is writable. */
	public void check() {
		Result check = run(Duration.ofMinutes(10), List.of("check"));
		if (check.exitCode() != 0) {
			throw new PgBackRestException("pgbackrest check", check);
		}
	}

	/** {@code pgbackrest backup --type=TYPE}. */
	public Result backup(String type) {
		// info: pgBackRest's account of the backup (WAL range, label, sizes), kept with the execution
		Result backup = run(Duration.ofHours(24), List.of("backup", "--type=" + type, "--log-level-console=info"));
		if (backup.exitCode() != 0) {
			throw new PgBackRestException("pgbackrest backup --type=" + type, backup);
		}
		return backup;
	}

	/**
	 * {@code pgbackrest restore --type=time} of one backup set into an empty directory, recovery to promote at the target, and no WAL
	 * archiving from the copy (it would write into the production repository).
	 */
	public Result restoreToTime(Path dataDirectory, String backupLabel, String target) {
		Result restore = run(Duration.ofHours(24), List.of("restore", "--pg1-path=" + dataDirectory,
				"--set=" + backupLabel, "--type=time",
				"--target=" + target, "--target-action=promote", "--archive-mode=off"));
		if (restore.exitCode() != 0) {
			throw new PgBackRestException("pgbackrest restore", restore);
		}
		return restore;
	}

	/** The names of the WAL segments in the repository's archive {@code archiveId} (e.g. {@code 15-1}). */
	public TreeSet<String> archivedSegments(String archiveId) {
		Result listing = run(Duration.ofMinutes(10),
				List.of("repo-ls", "--recurse", "--output=json", "archive/" + stanza() + "/" + archiveId));
		if (listing.exitCode() != 0) {
			throw new PgBackRestException("pgbackrest repo-ls", listing);
		}
		TreeSet<String> segments = new TreeSet<>();
		Iterator<Map.Entry<String, JsonNode>> entries = JSON.readTree(listing.output()).properties().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, JsonNode> entry = entries.next();
			String name = entry.getKey().substring(entry.getKey().lastIndexOf('/') + 1);
			// 000000010000000000000004-<sha1>.gz; .backup and .history files are not segments
			if ("file".equals(entry.getValue().path("type").asString()) && name.length() > 24
					&& name.charAt(24) == '-' && WalSegments.isSegmentName(name.substring(0, 24))) {
				segments.add(name.substring(0, 24));
			}
		}
		return segments;
	}

	/** The command line: as {@code run-as} when that is another user than this process's. */
	List<String> commandLine(List<String> arguments) {
		List<String> command = new ArrayList<>(asRunAsUser());
		command.add(this.properties.pgbackrest());
		command.add("--config=" + this.properties.config());
		command.add("--stanza=" + stanza());
		if (arguments.stream().noneMatch((argument) -> argument.startsWith("--log-level-console="))) {
			command.add("--log-level-console=warn");
		}
		command.add("--log-level-stderr=off");
		command.addAll(arguments);
		return command;
	}

	/** A prefix that runs a command as {@code run-as}: runuser as root, else sudo without a password prompt. */
	List<String> asRunAsUser() {
		String user = this.properties.runAs();
		if (user.isBlank() || user.equals(System.getProperty("user.name"))) {
			return List.of();
		}
		return "root".equals(System.getProperty("user.name")) ? List.of("runuser", "-u", user, "--")
				: List.of("sudo", "-n", "-u", user, "--");
	}

	Result run(Duration timeout, List<String> arguments) {
		List<String> command = commandLine(arguments);
		try {
			Path output = Files.createTempFile("flowbatch-pgbackrest", ".out");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					return new Result(-1, "ERROR: still running after " + timeout + ": " + String.join(" ", command));
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + String.join(" ", command) + " (install pgBackRest,"
					+ " Debian package pgbackrest, or set flowbatch.pitr.pgbackrest): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted running " + String.join(" ", command), ex);
		}
	}

	/** A pgBackRest command's exit code and output (stdout and stderr together). */
	public record Result(int exitCode, String output) {

		/**
		 * pgBackRest's first error line ({@code ERROR: [082]: ...}) with its first cause when it has one, else its
		 * first line, else the exit code.
		 */
		public String firstError() {
			return firstErrorLine(this.output).orElse("exit " + this.exitCode);
		}

		static Optional<String> firstErrorLine(String output) {
			List<String> lines = output.lines().filter((line) -> !line.isBlank()).toList();
			for (int index = 0; index < lines.size(); index++) {
				String line = lines.get(index).strip();
				if (line.startsWith("ERROR:") || line.contains(" ERROR: ")) {
					String error = line.substring(line.indexOf("ERROR:"));
					// "unable to load info file ...:" says what failed; the indented line under it, why (a TLS
					// certificate that does not verify, a missing file)
					if (error.endsWith(":") && index + 1 < lines.size()
							&& Character.isWhitespace(lines.get(index + 1).charAt(0))) {
						error += " " + lines.get(index + 1).strip();
					}
					return Optional.of(error);
				}
			}
			return lines.stream().map(String::strip).findFirst();
		}

	}

	/** A failed pgBackRest command, with pgBackRest's own first error line. */
	public static final class PgBackRestException extends IllegalStateException {

		PgBackRestException(String what, Result result) {
			super(what + " failed: " + result.firstError());
		}

	}

}
