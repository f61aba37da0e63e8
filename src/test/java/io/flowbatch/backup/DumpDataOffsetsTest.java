package io.flowbatch.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The data offsets added to a dump that pg_dump wrote to a pipe are the ones pg_dump writes to a file. */
class DumpDataOffsetsTest {

	private static final String DATABASE = "dump_offsets";

	@TempDir
	Path directory;

	@BeforeAll
	static void createDatabase() {
		TestPostgres.get().createDatabase(DATABASE);
		JdbcClient database = JdbcClient.create(TestPostgres.get().dataSource(DATABASE));
		database.sql("""
				CREATE TABLE wide (id INT PRIMARY KEY, note TEXT);
				INSERT INTO wide SELECT g, repeat(md5(g::TEXT), g % 20) FROM generate_series(1, 100000) g;
				CREATE TABLE small (id INT);
				INSERT INTO small SELECT generate_series(1, 100);
				CREATE TABLE empty (id INT);
				CREATE SEQUENCE counter;
				""").update();
		database.sql("SELECT lo_from_bytea(0, '\\x0102'::BYTEA)").query(Long.class).single();
	}

	@Test
	void offsetsAddedToAPipedDumpEqualThoseOfADumpWrittenToAFile() throws Exception {
		Path file = this.directory.resolve("file.dump");
		pgDump("-f", file.toString());
		Path piped = pipedDump();
		assertThat(dataPositions(piped)).containsOnly("0");

		int added = DumpDataOffsets.addTo(piped);

		assertThat(added).isEqualTo(4); // three tables' data and the large objects
		assertThat(dataPositions(piped)).isEqualTo(dataPositions(file))
			.filteredOn((position) -> !position.equals("0"))
			.hasSize(4);
		assertThat(DumpDataOffsets.addTo(file)).as("a dump written to a file has its offsets").isZero();
	}

	@Test
	void aTruncatedDumpIsLeftAsItIsForPgRestoreToReport() throws Exception {
		Path piped = pipedDump();
		byte[] whole = Files.readAllBytes(piped);
		byte[] truncated = Arrays.copyOf(whole, whole.length - 1000);
		Files.write(piped, truncated);

		assertThat(DumpDataOffsets.addTo(piped)).isZero();
		assertThat(Files.readAllBytes(piped)).isEqualTo(truncated);
	}

	@Test
	void aFileThatIsNoDumpIsLeftAsItIs() throws Exception {
		Path text = Files.writeString(this.directory.resolve("not.dump"), "PGDMP? no: a text file");

		assertThat(DumpDataOffsets.addTo(text)).isZero();
		assertThat(Files.readString(text)).isEqualTo("PGDMP? no: a text file");
	}

	/** pg_dump's standard output read through a pipe, as the backup job reads it. */
	private Path pipedDump() throws Exception {
		Path piped = Files.createTempFile(this.directory, "piped", ".dump");
		Process dump = pgDumpProcess();
		try (InputStream out = dump.getInputStream(); OutputStream copy = Files.newOutputStream(piped)) {
			out.transferTo(copy);
		}
		assertThat(dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0).isTrue();
		return piped;
	}

	private static void pgDump(String... options) throws Exception {
		Process dump = pgDumpProcess(options);
		dump.getInputStream().transferTo(OutputStream.nullOutputStream());
		assertThat(dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0).isTrue();
	}

	private static Process pgDumpProcess(String... options) throws IOException {
		List<String> command = new ArrayList<>(List.of("pg_dump", "-Fc"));
		command.addAll(List.of(options));
		return new ProcessBuilder(TestPostgres.get().clientCommand(DATABASE, command))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	/** The "Data Pos" pg_restore prints for every entry in verbose mode (0 when not set), in table-of-contents order. */
	private static List<String> dataPositions(Path dump) throws Exception {
		Process list = new ProcessBuilder("pg_restore", "--verbose", "--data-only", "-f", "-", dump.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		List<String> positions = new String(list.getInputStream().readAllBytes()).lines()
			.filter((line) -> line.startsWith("-- Data Pos: "))
			.map((line) -> line.substring("-- Data Pos: ".length()))
			.toList();
		assertThat(list.waitFor(60, TimeUnit.SECONDS) && list.exitValue() == 0).isTrue();
		return positions;
	}

}
