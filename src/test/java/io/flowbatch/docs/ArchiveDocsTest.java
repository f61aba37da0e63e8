package io.flowbatch.docs;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowbatch.testsupport.ArchiveReader;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/archive.md's queries against archives the jobs really wrote: generated data is archived by webhook-archive and
 * flow-item-retention into the test S3 server, downloaded with its layout, and every DuckDB example of the page runs
 * on it and must return what the same question asked of PostgreSQL, before archiving, returned. The Athena, Trino and
 * Spark DDL cannot run here; each must declare exactly the columns the archived objects have.
 */
class ArchiveDocsTest {

	private static final String DATABASE = "flowbatch_docs";

	private static final Path DOC = Path.of("docs", "archive.md");

	private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern LIVE_EXPORT = Pattern
		.compile("\\\\copy \\((.*?)\\) TO 'live_webhook_events.csv' WITH \\(FORMAT csv, HEADER\\)", Pattern.DOTALL);

	/** The delivery the lookup example asks for. */
	private static final String DELIVERY_ID = "0b7e3a52-5d0c-4c1e-9a51-2f4f3f1c8d10";

	private static final String ARCHIVED_EVENTS = "processing_status = 'processed' AND received_at < :events_cutoff";

	/** Each DuckDB example's question, asked of PostgreSQL: the rows it must return, in order. */
	private static final Map<String, String> POSTGRES_ANSWERS = Map.of(
			"archived events per source and month", """
					SELECT source, to_char(received_at, 'YYYY-MM') AS month, count(*) AS events
					  FROM webhook_events WHERE %s
					 GROUP BY 1, 2 ORDER BY source COLLATE "C", month""".formatted(ARCHIVED_EVENTS),
			"the GitHub repositories with the most archived events", """
					SELECT repository, events FROM (
					       SELECT payload -> 'repository' ->> 'full_name' AS repository, count(*) AS events
					         FROM webhook_events WHERE source = 'github' AND %s GROUP BY 1) r
					 ORDER BY events DESC, repository COLLATE "C" LIMIT 5""".formatted(ARCHIVED_EVENTS),
			"one delivery by id", """
					SELECT id, source, event_type, received_at::DATE AS received_date, payload ->> 'action' AS action
					  FROM webhook_events WHERE delivery_id = '%s'""".formatted(DELIVERY_ID),
			"flow items joined with their transitions and metrics", """
					WITH items AS (
					       SELECT id, team_id, to_char(completed_at, 'YYYY-MM') AS completed_month FROM flow_items
					        WHERE status = 'completed' AND completed_at < :items_cutoff),
					     transitions AS (SELECT flow_item_id, count(*) AS transitions FROM stage_transitions GROUP BY 1),
					     metrics AS (SELECT flow_item_id, sum(active_time_seconds) AS active_seconds,
					                        sum(wait_time_seconds) AS wait_seconds FROM stage_metrics GROUP BY 1)
					SELECT i.team_id, i.completed_month, count(*) AS items,
					       coalesce(sum(t.transitions), 0) AS transitions,
					       div(coalesce(sum(m.active_seconds), 0), 3600) AS active_hours,
					       div(coalesce(sum(m.wait_seconds), 0), 3600) AS wait_hours
					  FROM items i LEFT JOIN transitions t ON t.flow_item_id = i.id
					  LEFT JOIN metrics m ON m.flow_item_id = i.id
					 GROUP BY 1, 2 ORDER BY i.team_id COLLATE "C", completed_month""",
			"archived events per source, following the manifest", """
					SELECT source, count(*) AS events FROM webhook_events WHERE %s
					 GROUP BY 1 ORDER BY source COLLATE "C\"""".formatted(ARCHIVED_EVENTS),
			"live and archived events together", """
					SELECT source, processing_status, count(*) AS events FROM webhook_events
					 GROUP BY 1, 2 ORDER BY source COLLATE "C", processing_status COLLATE "C\"""");

	private static String sharedDatabaseUrl;

	@BeforeAll
	static void startServers() {
		TestServers.startDatabaseAndS3();
		TestPostgres.get().createDatabase(DATABASE);
		sharedDatabaseUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", TestPostgres.get().jdbcUrl(DATABASE));
		System.setProperty("flowbatch.s3.prefix", "docs-" + UUID.randomUUID());
	}

	@AfterAll
	static void restore() {
		System.setProperty("spring.datasource.url", sharedDatabaseUrl);
		System.clearProperty("flowbatch.s3.prefix");
	}

	@Test
	void everyDuckDbExampleRunsOnTheArchiveTheJobsWroteAndAnswersAsPostgresDidAndEveryDdlDeclaresTheArchivedColumns()
			throws Exception {
		String doc = Files.readString(DOC);
		Map<String, String> examples = duckDbExamples(doc);
		assertThat(examples.keySet()).as("the DuckDB examples in " + DOC).isEqualTo(POSTGRES_ANSWERS.keySet());
		CliRun generated = CliRun.of("generate", "--teams", "3", "--flow-items", "400", "--webhooks", "3000", "--days",
				"240");
		assertThat(generated.exitCode()).as(generated.toString()).isZero();
		JdbcClient jdbc = JdbcClient.create(TestPostgres.get().dataSource(DATABASE));
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				VALUES ('github', 'pull_request', ?, '{"action": "opened", "repository": {"full_name": "acme/x"}}',
				        'processed', ?, ?)""")
			.params(DELIVERY_ID, today.minusDays(90).atTime(9, 30), today.minusDays(90).atTime(9, 31))
			.update();
		LocalDate eventsCutoff = today.minusDays(60);
		LocalDate itemsCutoff = today.minusDays(60);
		Map<String, List<Map<String, String>>> expected = new TreeMap<>();
		POSTGRES_ANSWERS.forEach((name, sql) -> expected.put(name, normalized(jdbc.sql(sql)
			.param("events_cutoff", eventsCutoff.atStartOfDay())
			.param("items_cutoff", itemsCutoff.atStartOfDay())
			.query()
			.listOfRows())));
		assertThat(expected).allSatisfy((name, rows) -> assertThat(rows).as(name).isNotEmpty());

		// Two runs of each archive job (several objects per month), then archive-compact merges every month: the
		// examples' plain globs must count each row once, the manifest-driven one too.
		for (String[] job : new String[][] { { "webhook-archive", "before=" + eventsCutoff.minusDays(20) },
				{ "webhook-archive", "before=" + eventsCutoff },
				{ "flow-item-retention", "before=" + itemsCutoff.minusDays(25) },
				{ "flow-item-retention", "before=" + itemsCutoff }, { "archive-compact", "before=" + today } }) {
			CliRun run = CliRun.of("run", job[0], job[1]);
			assertThat(run.exitCode()).as(run.toString()).isZero();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM archive_compactions").query(Long.class).single())
			.as("archive-compact merged objects").isPositive();
		assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE delivery_id = ?").param(DELIVERY_ID)
			.query(Long.class).single()).as("the looked-up delivery is only in the archive").isZero();
		Path archive = ArchiveReader.download(System.getProperty("flowbatch.s3.prefix"));
		exportLiveEvents(doc, archive.resolve("live_webhook_events.csv"));
		Files.createDirectories(archive.resolve("webhook_events/_manifests"));
		try (var s3 = io.flowbatch.testsupport.TestS3.get().client()) {
			s3.getObject((r) -> r.bucket(io.flowbatch.testsupport.TestS3.BUCKET)
				.key(System.getProperty("flowbatch.s3.prefix") + "/webhook_events/_manifests/current.json"),
					archive.resolve("webhook_events/_manifests/current.json"));
		}

		Map<String, List<Map<String, String>>> answered = new TreeMap<>();
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
			examples.forEach((name, sql) -> answered.put(name, duckDb(duckdb, sql.replace("s3://BUCKET/PREFIX/",
					archive + "/").replace("'live_webhook_events.csv'", "'" + archive.resolve("live_webhook_events.csv") + "'"))));
			for (String dataset : List.of("webhook_events", "flow_items", "stage_transitions", "stage_metrics")) {
				Set<String> columns = new LinkedHashSet<>();
				for (Map<String, String> column : duckDb(duckdb, "DESCRIBE SELECT * FROM read_parquet('" + archive
						+ "/" + dataset + "/*/*/*.parquet', hive_partitioning = true)")) {
					columns.add(column.get("column_name"));
				}
				assertThat(ddlColumns(doc, dataset)).as("DDL of " + dataset)
					.hasSize(3)
					.allSatisfy((engine, declared) -> assertThat(declared).as(engine + " " + dataset)
						.containsExactlyInAnyOrderElementsOf(columns));
			}
		}
		assertThat(answered).isEqualTo(expected);
		// Projection on the real partition keys: an injected one fails every query without a literal value.
		assertThat(doc).doesNotContain("'injected'");
	}

	/** The {@code sql} blocks whose first line is {@code -- DuckDB: NAME}, by name. */
	static Map<String, String> duckDbExamples(String doc) {
		Map<String, String> examples = new LinkedHashMap<>();
		Matcher block = SQL_BLOCK.matcher(doc);
		while (block.find()) {
			String sql = block.group(1);
			if (sql.startsWith("-- DuckDB: ")) {
				examples.put(sql.lines().findFirst().orElseThrow().substring("-- DuckDB: ".length()).strip(),
						sql.strip().replaceFirst(";$", ""));
			}
		}
		return examples;
	}

	/**
	 * The columns each engine's DDL of a dataset declares, partition keys included, by engine: the {@code sql}
	 * blocks with a {@code CREATE ... TABLE} of it, in order Athena, Trino, Spark.
	 */
	static Map<String, List<String>> ddlColumns(String doc, String dataset) {
		Pattern create = Pattern.compile("CREATE (?:EXTERNAL )?TABLE (?:[\\w.]+\\.)?" + dataset
				+ " \\((.*?)\\)\\n(?:PARTITIONED BY \\((.*?)\\)\\n)?", Pattern.DOTALL);
		Map<String, List<String>> engines = new LinkedHashMap<>();
		Matcher table = create.matcher(doc);
		List<String> names = List.of("Athena", "Trino", "Spark");
		while (table.find()) {
			List<String> columns = new ArrayList<>(declared(table.group(1)));
			// Athena declares partition keys with their types after the columns; Spark names the ones it declared.
			if (table.group(2) != null && table.group(2).contains(" ")) {
				columns.addAll(declared(table.group(2)));
			}
			engines.put((engines.size() < names.size()) ? names.get(engines.size()) : "table " + engines.size(), columns);
		}
		return engines;
	}

	private static List<String> declared(String columnList) {
		List<String> columns = new ArrayList<>();
		// Commas inside DECIMAL(5,2) do not separate columns.
		for (String column : columnList.replaceAll("\\(\\d+,\\s*\\d+\\)", "").split(",")) {
			columns.add(column.strip().split("\\s+")[0]);
		}
		return columns;
	}

	/** The doc's live export, run as {@code COPY ... TO STDOUT} (what {@code psql}'s {@code \copy} does). */
	private static void exportLiveEvents(String doc, Path csv) throws SQLException, IOException {
		Matcher export = LIVE_EXPORT.matcher(doc);
		assertThat(export.find()).as("the live export in " + DOC).isTrue();
		try (Connection postgres = TestPostgres.get().dataSource(DATABASE).getConnection();
				OutputStream out = Files.newOutputStream(csv)) {
			postgres.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyOut("COPY (" + export.group(1).replaceAll("\\s+", " ") + ") TO STDOUT WITH (FORMAT csv, HEADER)",
						out);
		}
	}

	/** Runs an example; every statement but the last (which returns the rows) is executed first. */
	private static List<Map<String, String>> duckDb(Connection duckdb, String sql) {
		String[] statements = sql.split(";\\s*\\n");
		try (Statement statement = duckdb.createStatement()) {
			for (int i = 0; i < statements.length - 1; i++) {
				statement.execute(statements[i]);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("DuckDB failed on\n" + sql + "\n" + ex.getMessage(), ex);
		}
		try (Statement statement = duckdb.createStatement();
				ResultSet rows = statement.executeQuery(statements[statements.length - 1])) {
			List<Map<String, Object>> result = new ArrayList<>();
			int columns = rows.getMetaData().getColumnCount();
			while (rows.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= columns; i++) {
					row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
				}
				result.add(row);
			}
			return normalized(result);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("DuckDB failed on\n" + sql + "\n" + ex.getMessage(), ex);
		}
	}

	/** Values as text, numbers without their type (DuckDB's HUGEINT sums, PostgreSQL's BIGINT or NUMERIC). */
	private static List<Map<String, String>> normalized(List<Map<String, Object>> rows) {
		List<Map<String, String>> result = new ArrayList<>();
		for (Map<String, Object> row : rows) {
			Map<String, String> values = new LinkedHashMap<>();
			row.forEach((column, value) -> values.put(column, (value instanceof Number number)
					? new BigDecimal(number.toString()).stripTrailingZeros().toPlainString() : String.valueOf(value)));
			result.add(values);
		}
		return result;
	}

}
